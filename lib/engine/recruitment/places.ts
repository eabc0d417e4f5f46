import type { Conditions } from "../../experiment/page-order.ts";
import { entryParamsColumn, fieldValueColumn } from "../../store/columns.ts";
import type { Db, Tx } from "../../store/db.ts";
import { Prisma } from "../../store/generated/client.ts";
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

const add = (cells: Map<string, Map<string, Tally>>, attribute: string, value: string, taken: number, completed: number) => {
  const byValue = cells.get(attribute) ?? cells.set(attribute, new Map()).get(attribute)!;
  const tally = byValue.get(value) ?? byValue.set(value, { taken: 0, completed: 0 }).get(value)!;
  tally.taken += taken;
  tally.completed += completed;
};

/** The places of session `sessionId` (`except`: a player not to count, the one taking a place). */
export async function countPlaces(tx: Tx | Db, sessionId: number, quotas: Quotas, except?: number): Promise<Places> {
  // In progress: started, no outcome, not a dropout; a completion keeps its place for good.
  const base = { sessionId, ...(except !== undefined ? { id: { not: except } } : {}) };
  const inProgressWhere = { ...base, started: true, dropout: false, outcome: null };
  const completedWhere = { ...base, outcome: "completed" };
  // Named between()s' conditions and answers to counted fields live in the player fields:
  // counted per value in the database, not a row per player.
  const keys = [...quotas.factors.map((f) => f.name), ...quotas.fields.keys()];
  const [inProgress, completed, byValue, withParams] = await Promise.all([
    tx.player.count({ where: inProgressWhere }),
    tx.player.count({ where: completedWhere }),
    keys.length > 0 ? fieldCells(tx, sessionId, keys, except) : Promise.resolve([]),
    // Entry parameters are JSON on the player (personal data, outside the field log): read per player.
    quotas.params.size > 0 ? tx.player.findMany({ where: { OR: [inProgressWhere, completedWhere], entryParams: { not: null } }, select: { outcome: true, entryParams: true } }) : Promise.resolve([]),
  ]);
  const places: Places = { taken: inProgress + completed, completed, cells: new Map() };
  for (const row of byValue) {
    const value = cellOf(fieldValueColumn.read(row.value));
    if (value !== null) add(places.cells, row.key, value, Number(row.taken), Number(row.completed));
  }
  for (const h of withParams) {
    const params = entryParamsColumn.read(h.entryParams!);
    for (const attribute of quotas.params.keys()) if (Object.hasOwn(params, attribute)) add(places.cells, attribute, params[attribute]!, 1, h.outcome === "completed" ? 1 : 0);
  }
  return places;
}

/** Per player field `keys` and stored value: the places held by players with it (taken, and of them completed). */
function fieldCells(tx: Tx | Db, sessionId: number, keys: string[], except: number | undefined) {
  return tx.$queryRaw<{ key: string; value: string | null; taken: number | bigint; completed: number | bigint }[]>`
    SELECT v."key" AS "key", v."value" AS "value", COUNT(*) AS "taken", SUM(CASE WHEN p."outcome" = 'completed' THEN 1 ELSE 0 END) AS "completed"
    FROM "FieldValue" v JOIN "Player" p ON p."id" = v."ownerId"
    WHERE v."sessionId" = ${sessionId} AND v."ownerKind" = 'player' AND v."key" IN (${Prisma.join(keys)}) AND p."id" <> ${except ?? -1}
      AND ((p."started" = true AND p."dropout" = false AND p."outcome" IS NULL) OR p."outcome" = 'completed')
    GROUP BY v."key", v."value"`;
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
