import type { WaitSpec } from "../experiment/index.ts";
import { parseEntry } from "../experiment/page-order.ts";
import { createGroup, groupApi } from "./groups.ts";
import { hookScope, pageContext } from "./hook-context.ts";
import { runHook } from "./hook-error.ts";
import type { Move } from "./move.ts";
import { runOnce } from "./once.ts";

/** Whether the arriving player passes the wait page at `pos` now, and who else it releases. */
export interface WaitOutcome {
  pass: boolean;
  /** players sitting on this wait page who move on with the arrival */
  release: number[];
}

export function passWait(move: Move, pos: number, wait: WaitSpec): Promise<WaitOutcome> {
  return wait.kind === "group" ? passGrouping(move, pos, wait) : passSync(move, pos, wait);
}

function sample<T>(items: T[], n: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

/**
 * A group forms from the players waiting on this page, at random, as soon as `size` are
 * there (counting the arrival). Each player ends in exactly one group: on SQLite the
 * transaction is the only writer; on PostgreSQL createGroup's conditional claims fail for a
 * racing transaction, which then retries.
 */
async function passGrouping(move: Move, pos: number, wait: Extract<WaitSpec, { kind: "group" }>): Promise<WaitOutcome> {
  const { tx, p, order } = move;
  const entry = parseEntry(order[pos]!);
  if (p.groupId !== null) {
    const current = await tx.group.findUnique({ where: { id: p.groupId } });
    // Already grouped for this app (by code, or earlier on this page): through.
    if (current?.app === entry.app) return { pass: true, release: [] };
  }
  const waiting = await tx.player.findMany({
    where: { sessionId: p.sessionId, position: pos, id: { not: p.id }, OR: [{ groupId: null }, { group: { is: { app: { not: entry.app } } } }] },
    select: { id: true },
  });
  if (waiting.length + 1 < wait.size) return { pass: false, release: [] };
  const partners = sample(waiting, wait.size - 1).map((w) => w.id);
  const members = sample([p.id, ...partners], wait.size);
  const scope = hookScope(tx, order, pos, "grouping", move.buffer);
  // Players still in a group of an earlier app are taken out of it first.
  await tx.player.updateMany({ where: { id: { in: partners }, position: pos, group: { is: { app: { not: entry.app } } } }, data: { groupId: null, memberIndex: null } });
  const group = await createGroup({ ...scope, db: tx, provenance: { byKind: "system", byName: "grouping", page: scope.provenance.page } }, p.sessionId, members, entry.app, { self: p.id, at: pos });
  move.p = { ...p, groupId: group.id, memberIndex: members.indexOf(p.id) };
  if (wait.onGrouped) {
    const ctx = await pageContext(tx, move.p, order, pos, "onGrouped", move.buffer);
    const onGrouped = wait.onGrouped;
    await runOnce(tx, { kind: "group", id: group.id }, "onGrouped", () =>
      runHook({ app: entry.app, page: entry.name, hook: "onGrouped" }, () => onGrouped({ ...ctx, group: groupApi(scope, group) })),
    );
  }
  return { pass: true, release: partners };
}

/**
 * Everyone of the group (or session) must have reached this page. The group's (or session's)
 * row is locked first, so of two last arrivals at the same instant one sees the other. "Reached"
 * compares page positions, so players of one group should share the pages before it.
 */
async function passSync(move: Move, pos: number, wait: Extract<WaitSpec, { kind: "sync" }>): Promise<WaitOutcome> {
  const { tx, p, order } = move;
  const entry = parseEntry(order[pos]!);
  if (wait.scope === "group" && p.groupId === null) return { pass: true, release: [] };
  if (wait.scope === "group") await tx.$executeRaw`UPDATE "Group" SET "index" = "index" WHERE "id" = ${p.groupId}`;
  else await tx.$executeRaw`UPDATE "Session" SET "id" = "id" WHERE "id" = ${p.sessionId}`;
  const members = await tx.player.findMany({
    where: wait.scope === "group" ? { groupId: p.groupId } : { sessionId: p.sessionId },
    select: { id: true, position: true },
  });
  const others = members.filter((m) => m.id !== p.id);
  if (others.some((m) => m.position < pos)) return { pass: false, release: [] };
  if (wait.onAllHere) {
    const owner = wait.scope === "group" ? { kind: "group" as const, id: p.groupId! } : { kind: "session" as const, id: p.sessionId };
    const ctx = await pageContext(tx, p, order, pos, "onAllHere", move.buffer);
    const onAllHere = wait.onAllHere;
    await runOnce(tx, owner, `${entry.app}/${entry.name}@${entry.round ?? ""}:onAllHere`, () => runHook({ app: entry.app, page: entry.name, hook: "onAllHere" }, () => onAllHere(ctx)));
  }
  return { pass: true, release: others.filter((m) => m.position === pos).map((m) => m.id) };
}
