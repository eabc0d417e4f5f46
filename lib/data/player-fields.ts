import type { Db } from "../store/db.ts";
import { idChunks } from "../store/id-chunks.ts";
import { fieldValueColumn } from "../store/columns.ts";

/**
 * Current values of these fields for a session's players, or for the players with these ids:
 * player id → key → value (JSON-parsed; null when deleted).
 */
export async function playerFieldValues(read: Db, players: { sessionId: number } | readonly number[], keys: readonly string[]): Promise<Map<number, Record<string, unknown>>> {
  const out = new Map<number, Record<string, unknown>>();
  if (keys.length === 0) return out;
  const wheres = "sessionId" in players ? [{ sessionId: players.sessionId }] : idChunks(players).map((ids) => ({ ownerId: { in: ids } }));
  for (const where of wheres) {
    const rows = await read.fieldValue.findMany({ where: { ...where, ownerKind: "player", key: { in: [...keys] } }, select: { ownerId: true, key: true, value: true } });
    for (const r of rows) (out.get(r.ownerId) ?? out.set(r.ownerId, {}).get(r.ownerId)!)[r.key] = fieldValueColumn.read(r.value) ?? null;
  }
  return out;
}
