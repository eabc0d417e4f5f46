import type { Db } from "../store/db.ts";

/** Current values of these fields for every player of a session: player id → key → value (JSON-parsed; null when deleted). */
export async function playerFieldValues(read: Db, sessionId: number, keys: readonly string[]): Promise<Map<number, Record<string, unknown>>> {
  const out = new Map<number, Record<string, unknown>>();
  if (keys.length === 0) return out;
  const rows = await read.fieldValue.findMany({ where: { sessionId, ownerKind: "player", key: { in: [...keys] } }, select: { ownerId: true, key: true, value: true } });
  for (const r of rows) {
    const values = out.get(r.ownerId) ?? {};
    values[r.key] = r.value === null ? null : (JSON.parse(r.value) as unknown);
    out.set(r.ownerId, values);
  }
  return out;
}
