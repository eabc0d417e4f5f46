import type { Db, Tx } from "../../store/db.ts";
import { lockSession } from "../core/groups.ts";

/**
 * Claims the first unstarted player slot whose label is `match` (by creation order), marking
 * it started with label `label`: one UPDATE ... RETURNING, so two visitors never get the same
 * slot and the transaction's first statement can be this write (no stale read snapshot on
 * SQLite, a row lock on PostgreSQL). Null when no such slot is left.
 */
export async function claimSlot(tx: Tx, sessionId: number, match: string, label = match): Promise<{ id: number; name: string } | null> {
  // Claims in one session queue on its row (PostgreSQL: otherwise two would pick the same
  // first free slot, and the loser would find none instead of the next one).
  await lockSession(tx, sessionId);
  const rows = await tx.$queryRaw<{ id: number | bigint; name: string }[]>`
    UPDATE "Player" SET "started" = true, "label" = ${label}
    WHERE "id" = (SELECT "id" FROM "Player" WHERE "sessionId" = ${sessionId} AND "started" = false AND "label" = ${match} ORDER BY "index" LIMIT 1) AND "started" = false
    RETURNING "id", "name"`;
  const row = rows[0];
  return row ? { id: Number(row.id), name: row.name } : null;
}

/**
 * The started player this label (or, without one, this browser's earlier player `returning`)
 * already has in room `roomName`'s session: they are in, whatever the room's state.
 */
export async function returningPlayer(read: Db | Tx, roomName: string, label: string, returning?: string) {
  if (!label && !returning) return null;
  return read.player.findFirst({
    where: { session: { room: roomName }, started: true, ...(label ? { label } : { name: returning }) },
    orderBy: { index: "asc" },
    select: { id: true, name: true, session: { select: { name: true } } },
  });
}
