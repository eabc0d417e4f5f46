import type { Db } from "./db.ts";
import { Prisma } from "./generated/client.ts";
import { dialectOf } from "./dialect.ts";

// On PostgreSQL a sequence number is not commit order: a transaction can take seq 10, then
// commit after another has committed seq 11. A reader that pages through the field log by seq
// would step past 10 before it is visible and never come back. Such a reader first fixes the
// last seq it will read and then waits for the transactions that were open at that moment:
// a transaction that starts later takes a higher seq, so once they are over, every row up to
// that seq is final (committed, or gone with a rollback). SQLite commits one writer at a
// time, in seq order: nothing to wait for.

const POLL_MS = 20;
/** A transaction open longer than this (a stuck client) does not hold the reader for ever. */
const MAX_WAIT_MS = 30_000;

/**
 * The highest seq of the field log rows matching `where` (SQL on alias w, joined to Session
 * s), such that every row up to it is final when this returns; null when there are none.
 */
export async function settledLastSeq(read: Db, where: Prisma.Sql): Promise<number | null> {
  const postgres = dialectOf(read) === "postgresql";
  const open = postgres ? Prisma.sql`, (SELECT COALESCE(array_agg(x)::text, '{}') FROM pg_snapshot_xip(pg_current_snapshot()) AS x) AS "open"` : Prisma.empty;
  const [row] = await read.$queryRaw<{ last: number | bigint | null; open?: string }[]>`
    SELECT MAX(w."seq") AS "last"${open} FROM "FieldWrite" w JOIN "Session" s ON s."id" = w."sessionId" WHERE ${where}`;
  if (row?.last === null || row?.last === undefined) return null;
  if (postgres && row.open && row.open !== "{}") await waitUntilOver(read, row.open);
  return Number(row.last);
}

/** Waits until none of these transactions (a PostgreSQL xid8[] literal) is still in progress. */
async function waitUntilOver(read: Db, xids: string): Promise<void> {
  const until = Date.now() + MAX_WAIT_MS;
  while (Date.now() < until) {
    const [left] = await read.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM unnest($1::xid8[]) AS x WHERE pg_xact_status(x) = 'in progress'`, xids);
    if (Number(left?.n ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
