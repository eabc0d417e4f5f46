import type { Tx } from "../../store/db.ts";
import type { OwnerKind } from "../../store/field-log.ts";

/**
 * Runs `fn` unless a marker for (owner, key) exists, writing the marker first. The marker's
 * primary key settles races between requests and instances; because it is written in the
 * caller's transaction, a hook that throws rolls its marker back with everything else.
 */
export async function runOnce(tx: Tx, owner: { kind: OwnerKind; id: number }, key: string, fn: () => Promise<unknown>): Promise<boolean> {
  const inserted = await tx.$executeRaw`INSERT INTO "OnceMarker" ("ownerKind", "ownerId", "key") VALUES (${owner.kind}, ${owner.id}, ${key}) ON CONFLICT DO NOTHING`;
  if (inserted === 0) return false;
  await fn();
  return true;
}
