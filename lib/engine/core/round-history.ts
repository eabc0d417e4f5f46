import type { JsonValue } from "../../experiment/index.ts";
import { fieldValueColumn } from "../../store/columns.ts";
import type { Owner } from "../../store/field-log.ts";
import type { HandleScope } from "./write-buffer.ts";

/** One write of a field inside a round of the app: its round and value (undefined: deleted). */
export interface RoundWrite {
  round: number;
  value: JsonValue | undefined;
}

/**
 * The writes of one field made in rounds of the scope's app, oldest first: the stored ones
 * from the field log, then those of this request not stored yet. Writes outside rounds (a
 * newPlayer hook, a page after rounds()) and in other apps are not part of the history.
 */
async function roundWrites(scope: HandleScope, owner: Owner, key: string): Promise<RoundWrite[]> {
  const app = scope.context.app;
  if (!app) return [];
  const stored = await scope.db.fieldWrite.findMany({
    where: { ownerKind: owner.kind, ownerId: owner.id, key, app, round: { not: null } },
    orderBy: { seq: "asc" },
    select: { round: true, value: true },
  });
  const pending = scope.buffer?.pendingWrites(owner, key) ?? [];
  return [
    ...stored.map((w) => ({ round: w.round!, value: fieldValueColumn.read(w.value) })),
    ...pending.filter((w) => w.context.app === app && w.context.round != null).map((w) => ({ round: w.context.round!, value: w.value as JsonValue | undefined })),
  ];
}

/**
 * The value each round of the app ended with, rounds 1..last (index 0 is round 1): the
 * latest write made in that round or, when the round wrote nothing, the value an earlier
 * round ended with. "Latest" is the log's order, so a round that a late write reopened (an
 * admin's correction, a hook of the group's last member) ends with that write.
 * `last` is the highest round the field was written in, or the caller's round when higher.
 */
export function valuesByRound(writes: readonly RoundWrite[], last: number): (JsonValue | undefined)[] {
  const inRound = new Map<number, JsonValue | undefined>();
  for (const w of writes) inRound.set(w.round, w.value);
  const values: (JsonValue | undefined)[] = [];
  let carried: JsonValue | undefined = undefined;
  for (let r = 1; r <= last; r++) {
    if (inRound.has(r)) carried = inRound.get(r);
    values.push(carried);
  }
  return values;
}

/** The field's value as each round of the scope's app ended (see valuesByRound). */
export async function historyOf(scope: HandleScope, owner: Owner, key: string): Promise<(JsonValue | undefined)[]> {
  const writes = await roundWrites(scope, owner, key);
  const last = Math.max(0, scope.context.round ?? 0, ...writes.map((w) => w.round));
  return valuesByRound(writes, last);
}

/** The field's value as round `round` of the scope's app ended (or stands now, for a round in progress). */
export async function valueInRound(scope: HandleScope, owner: Owner, key: string, round: number): Promise<JsonValue | undefined> {
  if (!Number.isInteger(round) || round < 1) throw new Error(`inRound takes a round number 1, 2, ..., not ${round}`);
  const writes = await roundWrites(scope, owner, key);
  return valuesByRound(writes.filter((w) => w.round <= round), round)[round - 1];
}
