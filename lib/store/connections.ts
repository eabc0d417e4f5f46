import { env } from "../env.ts";
import type { Db, Tx } from "./db.ts";

/**
 * How long a Connection row counts without its instance refreshing it. Instances refresh
 * theirs at 0.4 of this, so only the rows of a stopped or killed instance run out.
 */
export const ONLINE_WINDOW_MS = env.SPROUT_ONLINE_WINDOW_MS;

/** Connection rows that still count: refreshed within the online window. */
export const freshConnection = (now = Date.now()) => ({ seenAt: { gt: new Date(now - ONLINE_WINDOW_MS) } });

/** Which of these players have an open tab on some running instance (whichever holds it). */
export async function onlinePlayerIds(read: Db | Tx, playerIds: readonly number[], now = Date.now()): Promise<Set<number>> {
  if (playerIds.length === 0) return new Set();
  const rows = await read.connection.findMany({ where: { playerId: { in: [...playerIds] }, ...freshConnection(now) }, select: { playerId: true } });
  return new Set(rows.map((r) => r.playerId));
}
