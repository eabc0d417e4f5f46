import type { WaitSpec } from "../../experiment/index.ts";
import { parseEntry } from "../../experiment/page-order.ts";
import { createGroup, lockGroup, lockSession, membersOf } from "../core/groups.ts";
import { groupApi } from "../core/handles.ts";
import { hookScope, pageContext } from "../core/hook-context.ts";
import { runHook } from "../core/hook-error.ts";
import type { Group } from "../../store/generated/client.ts";
import type { Move } from "./move-state.ts";
import { runOnce } from "../core/once.ts";
import { shuffled } from "../core/shuffle.ts";
import { pageOrderColumn } from "../../store/columns.ts";

/** Whether the arriving player passes the wait page at `pos` now, and who else it releases. */
export interface WaitOutcome {
  pass: boolean;
  /** players sitting on this wait page who move on with the arrival */
  release: number[];
}

export function passWait(move: Move, pos: number, wait: WaitSpec): Promise<WaitOutcome> {
  return wait.kind === "group" ? passGrouping(move, pos, wait) : passSync(move, pos, wait);
}

/** Players' own page orders differ (random, between, repeat): compare page entries, not indices. */
const entryAt = (m: { pageOrder: string; position: number }) => pageOrderColumn.read(m.pageOrder)[m.position];

/**
 * A group forms from the players waiting on this page, at random, as soon as `size` are
 * there (counting the arrival). The session row is locked first, so every player ends in
 * exactly one group however many arrive at once, on SQLite and PostgreSQL alike.
 */
function passGrouping(move: Move, pos: number, wait: Extract<WaitSpec, { kind: "group" }>): Promise<WaitOutcome> {
  return groupWaiting(move, pos, wait, { need: wait.size, size: wait.size });
}

/**
 * Forms a group of at most `size` from the arriving player and those waiting on this page, if
 * at least `need` are there (counting the arrival): a full group on arrival, a smaller one
 * when a wait times out (lib/engine/participant/wait-timeouts.ts).
 */
export async function groupWaiting(move: Move, pos: number, wait: Extract<WaitSpec, { kind: "group" }>, count: { need: number; size: number }): Promise<WaitOutcome> {
  const { tx, p, order } = move;
  const entry = parseEntry(order[pos]!);
  if (p.groupId !== null) {
    const current = await tx.group.findUnique({ where: { id: p.groupId } });
    // Already grouped for this app (by code, by an admin, or earlier on this page): through,
    // as if this page had formed the group (its onGrouped runs once for the group).
    if (current?.app === entry.app) {
      await runOnGrouped(move, pos, wait, current);
      return { pass: true, release: [] };
    }
  }
  await lockSession(tx, p.sessionId);
  // Candidates are in this app (an indexed column); their own orders tell who is on this page,
  // whatever its index there (a between() of unequal branches before it).
  const candidates = await tx.player.findMany({
    where: { sessionId: p.sessionId, app: entry.app, id: { not: p.id }, dropout: false, OR: [{ groupId: null }, { group: { is: { app: { not: entry.app } } } }] },
    select: { id: true, position: true, pageOrder: true },
  });
  const waiting = candidates.filter((c) => entryAt(c) === order[pos]);
  if (waiting.length + 1 < count.need) return { pass: false, release: [] };
  const partners = shuffled(waiting).slice(0, count.size - 1).map((w) => w.id);
  const members = shuffled([p.id, ...partners]);
  const scope = hookScope(tx, order, pos, "grouping", move.buffer);
  const positions = new Map(waiting.map((w) => [w.id, w.position]));
  const group = await createGroup({ ...scope, db: tx, provenance: { byKind: "system", byName: "grouping", page: scope.provenance.page } }, p.sessionId, members, entry.app, { self: p.id, at: positions });
  move.p = { ...p, groupId: group.id, memberIndex: members.indexOf(p.id) };
  await runOnGrouped(move, pos, wait, group);
  return { pass: true, release: partners };
}

async function runOnGrouped(move: Move, pos: number, wait: Extract<WaitSpec, { kind: "group" }>, group: Group): Promise<void> {
  if (!wait.onGrouped) return;
  const { tx, order } = move;
  const entry = parseEntry(order[pos]!);
  const scope = hookScope(tx, order, pos, "grouping", move.buffer);
  const ctx = await pageContext(tx, move.p, order, pos, "onGrouped", move.buffer);
  const onGrouped = wait.onGrouped;
  await runOnce(tx, { kind: "group", id: group.id }, "onGrouped", () =>
    runHook({ app: entry.app, page: entry.name, hook: "onGrouped" }, () => onGrouped({ ...ctx, group: groupApi(scope, group) })),
  );
}

/**
 * Everyone of the group (or session) must have reached this page: it is at or before their
 * position in their own order (a member whose order lacks it is not waited for). The group's
 * (or session's) row is locked first, so of two last arrivals at the same instant one sees the other.
 */
async function passSync(move: Move, pos: number, wait: Extract<WaitSpec, { kind: "sync" }>): Promise<WaitOutcome> {
  const { tx, p, order } = move;
  const entry = parseEntry(order[pos]!);
  if (wait.scope === "group" && p.groupId === null) return { pass: true, release: [] };
  let memberIds: readonly number[] | null = null;
  if (wait.scope === "group") {
    await lockGroup(tx, p.groupId!);
    memberIds = membersOf(await tx.group.findUniqueOrThrow({ where: { id: p.groupId! } }));
  } else await lockSession(tx, p.sessionId);
  const members = await tx.player.findMany({
    where: memberIds ? { id: { in: [...memberIds] } } : { sessionId: p.sessionId },
    select: { id: true, position: true, pageOrder: true, dropout: true },
  });
  // Dropouts are not waited for (and not released: they are not there).
  const others = members.filter((m) => m.id !== p.id && !m.dropout);
  const notYet = others.some((m) => {
    const at = pageOrderColumn.read(m.pageOrder).indexOf(order[pos]!);
    return m.position < 0 || (at >= 0 && m.position < at);
  });
  if (notYet) return { pass: false, release: [] };
  if (wait.onAllHere) {
    const owner = wait.scope === "group" ? { kind: "group" as const, id: p.groupId! } : { kind: "session" as const, id: p.sessionId };
    const ctx = await pageContext(tx, p, order, pos, "onAllHere", move.buffer);
    const onAllHere = wait.onAllHere;
    await runOnce(tx, owner, `${order[pos]}:onAllHere`, () => runHook({ app: entry.app, page: entry.name, hook: "onAllHere" }, () => onAllHere(ctx)));
  }
  return { pass: true, release: others.filter((m) => entryAt(m) === order[pos]).map((m) => m.id) };
}
