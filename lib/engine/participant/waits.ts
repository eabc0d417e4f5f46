import type { WaitSpec } from "../../experiment/index.ts";
import { parseEntry, type Entry } from "../../experiment/page-order.ts";
import { createGroup, lockGroup, lockSession, membersOf } from "../core/groups.ts";
import { groupApi, playerApi } from "../core/handles.ts";
import { hookScope, pageContext } from "../core/hook-context.ts";
import { runHook } from "../core/hook-error.ts";
import type { Group } from "../../store/generated/client.ts";
import { beginMove, LostRace, type Move } from "./move-state.ts";
import { runOnce } from "../core/once.ts";
import { shuffled } from "../core/shuffle.ts";
import { pageOrderColumn } from "../../store/columns.ts";

/** Players who take part in waits: not dropouts, or dropouts whose seat a stand-in bot plays. */
const SEATED = { OR: [{ dropout: false }, { standIn: { not: null } }] };

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
const rawEntryOf = (m: { pageOrder: string; position: number }) => pageOrderColumn.read(m.pageOrder)[m.position];

/**
 * A group forms from the players waiting on this page, at random (or by the page's groupBy
 * rule), as soon as `size` are there (counting the arrival). The session row is locked first,
 * so every player ends in exactly one group however many arrive at once, on SQLite and
 * PostgreSQL alike.
 */
function passGrouping(move: Move, pos: number, wait: Extract<WaitSpec, { kind: "group" }>): Promise<WaitOutcome> {
  return groupWaiting(move, pos, wait, { need: wait.size, size: wait.size, arrival: true });
}

/**
 * Forms a group of at most `size` from the arriving player and those waiting on this page, if
 * at least `need` are there (counting the arrival): a full group on arrival, a smaller one
 * when a wait times out (lib/engine/participant/wait-timeouts.ts). `arrival`: a player's
 * arrival, to which the page's rules apply (its groupBy rule chooses the members, rematched
 * strangers wait for the round before's stragglers); not a timed-out wait, which forms what
 * it can now.
 */
export async function groupWaiting(move: Move, pos: number, wait: Extract<WaitSpec, { kind: "group" }>, count: { need: number; size: number; arrival: boolean }): Promise<WaitOutcome> {
  const { tx, p, order } = move;
  const entry = parseEntry(order[pos]!);
  // Rematching inside rounds: a new group on this page every round, whatever group the player had.
  const regroup = (wait.rematch === "stranger" || wait.rematch === "perfectStranger") && entry.round !== null;
  if (p.groupId !== null && !regroup) {
    const current = await tx.group.findUnique({ where: { id: p.groupId } });
    // Already grouped for this app (by code, by an admin, or earlier on this page): through,
    // as if this page had formed the group (its onGrouped runs once for the group).
    if (current?.app === entry.app) {
      await runOnGrouped(move, pos, wait, current);
      return { pass: true, release: [] };
    }
  }
  await lockSession(tx, p.sessionId);
  // The arrival was read before the lock: a transaction that held it may have grouped and
  // moved them meanwhile. Then this one is stale (answered as such) and must form nothing,
  // least of all a group of others chosen as if the arrival were still waiting.
  const now = await tx.player.findUnique({ where: { id: p.id }, select: { position: true, pageOrder: true } });
  if (now?.position !== p.position || now.pageOrder !== p.pageOrder) throw new LostRace();
  // Candidates are in this app (an indexed column); their own orders tell who is on this page,
  // whatever its index there (a between() of unequal branches before it). Anyone still on a
  // regrouping page has not been grouped there yet (forming a group moves its members on).
  const candidates = await tx.player.findMany({
    // Dropouts are not grouped, unless a stand-in bot plays their seat.
    where: { sessionId: p.sessionId, app: entry.app, id: { not: p.id }, AND: [SEATED], ...(regroup ? {} : { OR: [{ groupId: null }, { group: { is: { app: { not: entry.app } } } }] }) },
    select: { id: true, position: true, pageOrder: true },
  });
  const waiting = candidates.filter((c) => rawEntryOf(c) === order[pos]);
  if (waiting.length + 1 < count.need) return { pass: false, release: [] };
  const scope = hookScope(tx, order, pos, "grouping", move.buffer);
  const positions = new Map(waiting.map((w) => [w.id, w.position]));
  const form = async (members: number[]) => {
    const group = await createGroup({ ...scope, db: tx, provenance: { byKind: "system", byName: "grouping", page: scope.provenance.page } }, p.sessionId, members, entry.app, { self: p.id, at: positions });
    // Roles by member order, recorded with this page's round.
    for (const [i, id] of members.entries()) {
      if (wait.roles) move.buffer.add({ owner: { kind: "player", id, sessionId: p.sessionId }, key: "role", value: wait.roles[i]!, context: scope.context, provenance: { byKind: "system", byName: "grouping", page: scope.provenance.page } });
    }
    return group;
  };

  // A group the arrival is not in (the rule's choice, or strangers left waiting): onGrouped
  // runs as its first member's, then they move on with the arrival's move.
  const formOthers = async (members: number[]) => {
    const group = await form(members);
    const first = await tx.player.findUniqueOrThrow({ where: { id: members[0]! }, include: { session: true } });
    const theirs = beginMove(tx, first, pageOrderColumn.read(first.pageOrder), move.by, move.pushes);
    theirs.buffer = move.buffer;
    await runOnGrouped(theirs, first.position, wait, group);
  };

  if (wait.groupBy && count.arrival) {
    const formed = await groupByRule(move, pos, wait, waiting.map((w) => w.id));
    if (!formed) return { pass: false, release: [] };
    if (!formed.includes(p.id)) {
      await formOthers(formed);
      return { pass: false, release: formed };
    }
    const group = await form(formed);
    move.p = { ...p, groupId: group.id, memberIndex: formed.indexOf(p.id) };
    await runOnGrouped(move, pos, wait, group);
    return { pass: true, release: formed.filter((id) => id !== p.id) };
  }

  let partners: number[];
  const alsoReleased: number[] = [];
  if (regroup && wait.rematch === "perfectStranger") {
    // Never with anyone met on an earlier round of this app: members pairwise strangers,
    // chosen so that those still to come this round can be grouped as strangers too.
    // While anyone is yet to be grouped on this page in an earlier round (waiting there, not
    // there yet, or not even started), who has met whom is not settled: the stragglers may
    // be left with only each other then, and then again now. This round's groups wait for
    // them (their arrival here groups everyone waiting), or for the page's timeout.
    if (count.arrival && (await stragglersBefore(tx, p, entry))) return { pass: false, release: [] };
    const met = await metBefore(tx, p.sessionId, entry.app);
    const behind = candidates
      .filter((c) => {
        const at = pageOrderColumn.read(c.pageOrder).indexOf(order[pos]!);
        return at >= 0 && c.position < at;
      })
      .map((b) => b.id);
    let rest = waiting.map((w) => w.id);
    const chosen = chooseStrangers(p.id, rest, behind, met, count);
    // Those waiting may be groupable now that the arrival is here, though not with it.
    rest = rest.filter((id) => !chosen?.includes(id));
    // Still to be grouped this round besides those waiting: those behind, and the arrival if it waits on.
    const pending = chosen ? behind : [p.id, ...behind];
    for (const w of [...rest]) {
      if (!rest.includes(w)) continue;
      const others = rest.filter((id) => id !== w);
      const theirs = count.need === count.size ? chooseStrangers(w, others, pending, met, count) : null;
      if (!theirs) continue;
      const members = [w, ...theirs];
      await formOthers(members);
      alsoReleased.push(...members);
      rest = rest.filter((id) => !members.includes(id));
    }
    if (!chosen) return { pass: false, release: alsoReleased };
    partners = chosen;
  } else partners = shuffled(waiting).slice(0, count.size - 1).map((w) => w.id);
  const members = shuffled([p.id, ...partners]);
  const group = await form(members);
  move.p = { ...p, groupId: group.id, memberIndex: members.indexOf(p.id) };
  await runOnGrouped(move, pos, wait, group);
  return { pass: true, release: [...partners, ...alsoReleased] };
}

/** Whether a seated player other than `self` has yet to pass this grouping page in an earlier round (or to start). */
async function stragglersBefore(tx: Move["tx"], self: { id: number; sessionId: number; pageOrder: string }, entry: Entry): Promise<boolean> {
  const seated = await tx.player.findMany({ where: { sessionId: self.sessionId, id: { not: self.id }, AND: [SEATED] }, select: { position: true, pageOrder: true } });
  // The last index of an earlier round of this page, per distinct page order (most players share one).
  const lastEarlier = new Map<string, number>();
  const lastIn = (column: string) => {
    let last = lastEarlier.get(column);
    if (last === undefined) {
      const order = pageOrderColumn.read(column);
      last = order.findLastIndex((raw) => {
        const e = parseEntry(raw);
        return e.app === entry.app && e.name === entry.name && e.round !== null && e.round < entry.round!;
      });
      lastEarlier.set(column, last);
    }
    return last;
  };
  // The first round waits for nobody. Who has not started has every page ahead (their order
  // is fixed when they start).
  if (lastIn(self.pageOrder) < 0) return false;
  return seated.some((s) => s.position < 0 || s.position <= lastIn(s.pageOrder));
}

const strangers = (met: ReadonlyMap<number, ReadonlySet<number>>, group: readonly number[], id: number) => group.every((g) => !met.get(g)?.has(id));

/**
 * The arrival's partners for a group of strangers (at most size - 1 of `waiting`, at least
 * need - 1), or null. Prefers a group after which everyone left this round (the rest waiting,
 * and those still `behind`) can still be split into groups of strangers, so a greedy early
 * choice does not strand the last ones; if no choice keeps that possible, any will do.
 */
function chooseStrangers(self: number, waiting: readonly number[], behind: readonly number[], met: ReadonlyMap<number, ReadonlySet<number>>, count: { need: number; size: number }): number[] | null {
  const options: number[][] = [];
  const extend = (group: number[], from: readonly number[]) => {
    if (options.length >= 200) return;
    if (group.length === count.size) return void options.push(group.slice(1));
    let grew = false;
    for (const [i, w] of from.entries()) {
      if (!strangers(met, group, w)) continue;
      grew = true;
      extend([...group, w], from.slice(i + 1));
    }
    // A smaller group (a timed-out wait) only when it cannot grow.
    if (!grew && group.length >= count.need) options.push(group.slice(1));
  };
  extend([self], shuffled(waiting));
  if (options.length === 0) return null;
  const full = options.filter((o) => o.length === count.size - 1);
  const pool = full.length > 0 ? full : options;
  let budget = 20_000;
  const splittable = (rest: readonly number[]): boolean => {
    if (rest.length === 0) return true;
    if (--budget < 0) return true; // too large to settle: take the choice as it is
    const [first, ...others] = rest as [number, ...number[]];
    const pick = (group: number[], from: readonly number[]): boolean => {
      if (group.length === count.size) return splittable(others.filter((o) => !group.includes(o)));
      return from.some((w, i) => strangers(met, group, w) && pick([...group, w], from.slice(i + 1)));
    };
    return pick([first], others);
  };
  const everyone = [...waiting, ...behind];
  // Only when the rest can form full groups at all is there a split to keep; with none to
  // keep, the arrival waits (a player still to come may be its stranger).
  return (
    pool.find((o) => {
      const rest = everyone.filter((id) => !o.includes(id));
      return rest.length % count.size !== 0 || splittable(rest);
    }) ?? ((everyone.length + 1) % count.size !== 0 ? pool[0]! : null)
  );
}

/** Who has been in a group of this app with whom (every group ever formed for it in the session). */
async function metBefore(tx: Move["tx"], sessionId: number, app: string): Promise<Map<number, Set<number>>> {
  const met = new Map<number, Set<number>>();
  for (const g of await tx.group.findMany({ where: { sessionId, app }, select: { members: true } })) {
    const ids = membersOf(g);
    for (const a of ids) for (const b of ids) if (a !== b) (met.get(a) ?? met.set(a, new Set()).get(a)!).add(b);
  }
  return met;
}

/**
 * Asks the page's groupBy rule which group to form from those waiting (the arrival among
 * them, everyone in order of arrival). Returns the members' ids in the order given, or null
 * (keep waiting). A list that is not `size` distinct waiting players fails the hook.
 */
async function groupByRule(move: Move, pos: number, wait: Extract<WaitSpec, { kind: "group" }>, others: readonly number[]): Promise<number[] | null> {
  const { tx, p, order } = move;
  const entry = parseEntry(order[pos]!);
  const ids = [p.id, ...others];
  const visits = await tx.pageVisit.findMany({ where: { playerId: { in: [...others] }, position: { gte: 0 }, leftAt: null }, select: { playerId: true, enteredAt: true } });
  const since = new Map(visits.map((v) => [v.playerId, v.enteredAt.getTime()]));
  const rows = await tx.player.findMany({ where: { id: { in: ids } } });
  // In order of arrival: the arrival (now) last.
  rows.sort((a, b) => (a.id === p.id ? 1 : b.id === p.id ? -1 : (since.get(a.id) ?? 0) - (since.get(b.id) ?? 0) || a.id - b.id));
  const ctx = await pageContext(tx, move.p, order, pos, "groupBy", move.buffer);
  const scope = hookScope(tx, order, pos, "groupBy", move.buffer);
  const waiting = rows.map((r) => playerApi(scope, r));
  const groupBy = wait.groupBy!;
  const chosen = await runHook({ app: entry.app, page: entry.name, hook: "groupBy" }, async () => {
    const result = await groupBy({ ...ctx, waiting });
    if (result === null || result === undefined) return null;
    const byName = new Map(rows.map((r) => [r.name, r.id]));
    const members = Array.isArray(result) ? result.map((m) => byName.get((m as { name?: string })?.name ?? "")) : [];
    if (members.length !== wait.size || members.some((m) => m === undefined) || new Set(members).size !== members.length) {
      throw new Error(`groupBy must return ${wait.size} distinct players from \`waiting\` (or null to wait), not ${Array.isArray(result) ? `a list of ${result.length}` : JSON.stringify(result)}`);
    }
    return members as number[];
  });
  return chosen;
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
    select: { id: true, position: true, pageOrder: true, dropout: true, standIn: true },
  });
  // Dropouts are not waited for (and not released: they are not there), unless a stand-in bot plays their seat.
  const others = members.filter((m) => m.id !== p.id && (!m.dropout || m.standIn !== null));
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
  return { pass: true, release: others.filter((m) => rawEntryOf(m) === order[pos]).map((m) => m.id) };
}
