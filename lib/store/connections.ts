import { env } from "../env.ts";
import type { Db, Tx } from "./db.ts";
import { idChunks } from "./id-chunks.ts";

/**
 * How long a Connection row counts without its instance refreshing it. Instances refresh
 * theirs at 0.4 of this, so only the rows of a stopped or killed instance run out.
 */
export const ONLINE_WINDOW_MS = env.SPROUT_ONLINE_WINDOW_MS;

/** Connection rows that still count: refreshed within the online window. */
export const freshConnection = (now = Date.now()) => ({ seenAt: { gt: new Date(now - ONLINE_WINDOW_MS) } });

/** Which of these players (or of this session's) have an open tab on some running instance, whichever holds it. */
export async function onlinePlayerIds(read: Db | Tx, players: readonly number[] | { sessionId: number }, now = Date.now()): Promise<Set<number>> {
  const online = new Set<number>();
  const wheres = "sessionId" in players ? [{ player: { sessionId: players.sessionId } }] : idChunks(players).map((ids) => ({ playerId: { in: ids } }));
  for (const where of wheres) {
    for (const r of await read.connection.findMany({ where: { ...where, ...freshConnection(now) }, select: { playerId: true } })) online.add(r.playerId);
  }
  return online;
}
