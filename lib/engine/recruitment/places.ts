import type { Conditions } from "../../experiment/page-order.ts";
import { entryParamsColumn, fieldValueColumn } from "../../store/columns.ts";
import type { Db, Tx } from "../../store/db.ts";
import type { Quotas } from "./rules.ts";

// Who holds which place in a session: every started player who is neither a dropout nor
// screened out (in progress or completed), with their cells: the condition of each named
// between() (the player field of its name) and the value of each entry parameter a quota
// counts. Read inside the transaction that holds the session's lock (see takePlace).

export interface Tally {
  /** places taken (in progress + completed) */
  taken: number;
  completed: number;
}

export interface Places extends Tally {
  /** attribute (factor or entry parameter) -> value -> its tally */
  cells: Map<string, Map<string, Tally>>;
}

const bump = (cells: Map<string, Map<string, Tally>>, attribute: string, value: string, completed: boolean) => {
  const byValue = cells.get(attribute) ?? cells.set(attribute, new Map()).get(attribute)!;
  const tally = byValue.get(value) ?? byValue.set(value, { taken: 0, completed: 0 }).get(value)!;
  tally.taken++;
  if (completed) tally.completed++;
};

/** The places of session `sessionId` (`except`: a player not to count, the one taking a place). */
export async function countPlaces(tx: Tx | Db, sessionId: number, quotas: Quotas, except?: number): Promise<Places> {
  const withParams = quotas.params.size > 0;
  // Named between()s' conditions and answers to counted fields live in the player fields.
  const factors = [...quotas.factors.map((f) => f.name), ...quotas.fields.keys()];
  // In progress: started, no outcome, not a dropout; a completion keeps its place for good.
  const base = { sessionId, ...(except !== undefined ? { id: { not: except } } : {}) };
  const inProgressWhere = { ...base, started: true, dropout: false, outcome: null };
  const completedWhere = { ...base, outcome: "completed" };
  if (!withParams && factors.length === 0) {
    // A total only: two counts, not a row per player.
    const [inProgress, completed] = await Promise.all([tx.player.count({ where: inProgressWhere }), tx.player.count({ where: completedWhere })]);
    return { taken: inProgress + completed, completed, cells: new Map() };
  }
  const [holders, assigned] = await Promise.all([
    tx.player.findMany({
      where: { OR: [inProgressWhere, completedWhere] },
      select: { id: true, outcome: true, entryParams: withParams },
    }),
    factors.length > 0
      ? tx.fieldValue.findMany({ where: { sessionId, ownerKind: "player", key: { in: factors } }, select: { ownerId: true, key: true, value: true } })
      : Promise.resolve([]),
  ]);
  const places: Places = { taken: holders.length, completed: 0, cells: new Map() };
  const completedIds = new Set<number>();
  const held = new Set<number>();
  for (const h of holders) {
    held.add(h.id);
    const completed = h.outcome === "completed";
    if (completed) {
      places.completed++;
      completedIds.add(h.id);
    }
    if (!withParams || !h.entryParams) continue;
    const params = entryParamsColumn.read(h.entryParams);
    for (const attribute of quotas.params.keys()) if (Object.hasOwn(params, attribute)) bump(places.cells, attribute, params[attribute]!, completed);
  }
  for (const a of assigned) {
    const value = cellOf(fieldValueColumn.read(a.value));
    if (held.has(a.ownerId) && value !== null) bump(places.cells, a.key, value, completedIds.has(a.ownerId));
  }
  return places;
}

/** The cell a stored value falls in: a text, number or yes/no as text (3 → "3", true → "true"); none for others. */
export function cellOf(value: unknown): string | null {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : null;
}

export const tallyOf = (places: Places, attribute: string, value: string): Tally => places.cells.get(attribute)?.get(value) ?? { taken: 0, completed: 0 };

/**
 * The conditions for someone taking a place now, or null when they could only go to full
 * cells: for each named between(), among its conditions with a free place, the least-filled
 * ("balanced": fewest places taken, ties at random) or any ("random"). `force`: someone
 * already in progress (never turned away): every condition counts as free.
 */
export function chooseConditions(quotas: Quotas, places: Places, rng: () => number, force = false): Conditions | null {
  const chosen: Record<string, string> = {};
  for (const factor of quotas.factors) {
    const limits = quotas.conditions.get(factor.name);
    const open = factor.conditions.filter((c) => force || limits?.get(c) === undefined || tallyOf(places, factor.name, c).taken < limits.get(c)!);
    if (open.length === 0) return null;
    const fewest = Math.min(...open.map((c) => tallyOf(places, factor.name, c).taken));
    const candidates = factor.assign === "random" ? open : open.filter((c) => tallyOf(places, factor.name, c).taken === fewest);
    chosen[factor.name] = candidates[Math.floor(rng() * candidates.length)]!;
  }
  return chosen;
}

/** Whether someone with these entry parameters finds a free place in all and in each of their cells. */
export function fitsParams(quotas: Quotas, places: Places, params: Readonly<Record<string, string>> | null): boolean {
  if (quotas.total !== undefined && places.taken >= quotas.total) return false;
  for (const [attribute, limits] of quotas.params) {
    const value = params?.[attribute];
    const limit = value === undefined ? undefined : limits.get(value);
    if (limit !== undefined && tallyOf(places, attribute, value!).taken >= limit) return false;
  }
  return true;
}

/**
 * Whether the quota is met: completions reached the total, or every condition of a named
 * between() has a limit that its completions reached (nobody new could be assigned).
 */
export function quotaReached(quotas: Quotas, places: Places): string | null {
  if (quotas.total !== undefined && places.completed >= quotas.total) return `quota of ${quotas.total} met`;
  for (const factor of quotas.factors) {
    const limits = quotas.conditions.get(factor.name);
    if (limits && factor.conditions.every((c) => limits.get(c) !== undefined && tallyOf(places, factor.name, c).completed >= limits.get(c)!)) {
      return `quotas of every condition of ${factor.name} met`;
    }
  }
  return null;
}
