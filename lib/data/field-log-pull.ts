import { sessionIdOf } from "./sessions.ts";
import { InvalidInputError, NotFoundError } from "../errors.ts";
import type { Db, Tx } from "../store/db.ts";
import { dialectOf } from "../store/dialect.ts";
import { Prisma } from "../store/generated/client.ts";
import { fieldValueColumn } from "../store/columns.ts";

// Incremental pulls of one session's field log: each pull returns the rows committed since the
// last one and a cursor for the next, and no row may be skipped, though on PostgreSQL a row
// can commit after a row with a higher seq (seq is taken at insert, visibility comes at commit).
//
// So on PostgreSQL a pull reads in one snapshot and its cursor remembers, besides the last seq
// it returned, the seqs at or below it that were missing from the whole log in that snapshot
// (gaps: rows of transactions still open, or numbers a rollback threw away), with the
// snapshot's xmax. The next pull also returns this session's rows that have filled a gap
// since. A gap is forgotten once every transaction that was open in that snapshot has ended
// (the oldest transaction still running is younger than its xmax): a seq still missing then
// never arrives. Gaps are found by seq alone, so rows written in savepoints (subtransactions,
// with ids of their own) are covered too. A pull never waits for a transaction, unlike an
// export (lib/store/commit-order.ts): a script polling during a busy study is answered at once.
//
// One gap remains, as in lib/store/commit-order.ts: a transaction whose first write is the row
// takes its seq microseconds before it gets a transaction id; a snapshot falling exactly there
// while that transaction then outlives the next pull could let its row go unreturned.
// SQLite commits one writer at a time, in seq order: there the cursor is the last seq.

export interface LogEntry {
  seq: number;
  at: string;
  ownerKind: string;
  /** the player's or group's name, or the session's for session fields */
  owner: string;
  key: string;
  /** the value written; null also for a deletion (see `deleted`) */
  value: unknown;
  deleted: boolean;
  app: string | null;
  position: number | null;
  round: number | null;
  byKind: string;
  byName: string | null;
  page: string | null;
  hook: string | null;
  codeLine: string | null;
}

type Range = [from: number, to: number];
/** Seqs missing in one pull's snapshot, forgotten once the oldest running transaction is at least `xmax`. */
interface Gaps {
  ranges: Range[];
  xmax: bigint;
}
interface Cursor {
  after: number;
  gaps: Gaps[];
}

const CURSOR = /^\d{1,15}(\.\d{1,15}(-\d{1,15})?(,\d{1,15}(-\d{1,15})?)*@\d{1,20})*$/;
const CURSOR_PROBLEM = "since is the cursor an earlier pull answered (or 0 for the start)";

export function parseCursor(text: string | undefined): Cursor {
  if (text === undefined || text === "") return { after: 0, gaps: [] };
  if (text.length > 100_000 || !CURSOR.test(text)) throw new InvalidInputError(CURSOR_PROBLEM, { since: [CURSOR_PROBLEM] });
  const [after, ...groups] = text.split(".");
  return {
    after: Number(after),
    gaps: groups.map((g) => {
      const [ranges, xmax] = g.split("@");
      return { ranges: ranges!.split(",").map((r) => r.split("-").map(Number)).map(([f, t]) => [f!, t ?? f!] as Range), xmax: BigInt(xmax!) };
    }),
  };
}

export const formatCursor = (c: Cursor) => [String(c.after), ...c.gaps.filter((g) => g.ranges.length > 0).map((g) => `${g.ranges.map(([f, t]) => (f === t ? `${f}` : `${f}-${t}`)).join(",")}@${g.xmax}`)].join(".");

type RawRow = Omit<LogEntry, "at" | "value" | "deleted" | "seq"> & { seq: number | bigint; at: Date | string; value: string | null };

function rowsWhere(client: Db | Tx, condition: Prisma.Sql, limit: number): Promise<RawRow[]> {
  return client.$queryRaw<RawRow[]>`
    SELECT w."seq", w."at", w."ownerKind",
      CASE w."ownerKind" WHEN 'player' THEN p."name" WHEN 'group' THEN g."name" ELSE s."name" END AS "owner",
      w."key", w."value", w."app", w."position", w."round", w."byKind", w."byName", w."page", w."hook", w."codeLine"
    FROM "FieldWrite" w
    JOIN "Session" s ON s."id" = w."sessionId"
    LEFT JOIN "Player" p ON w."ownerKind" = 'player' AND p."id" = w."ownerId"
    LEFT JOIN "Group" g ON w."ownerKind" = 'group' AND g."id" = w."ownerId"
    WHERE ${condition}
    ORDER BY w."seq" LIMIT ${limit}`;
}

const entry = (r: RawRow): LogEntry => ({
  ...r,
  seq: Number(r.seq),
  at: new Date(r.at).toISOString(),
  value: fieldValueColumn.read(r.value) ?? null,
  deleted: r.value === null,
  position: r.position === null ? null : Number(r.position),
  round: r.round === null ? null : Number(r.round),
});

const inRanges = (ranges: readonly Range[]) => Prisma.sql`(${Prisma.join(ranges.map(([f, t]) => Prisma.sql`w."seq" BETWEEN ${f} AND ${t}`), " OR ")})`;

/** Seqs in (from, to] missing from the whole log in this snapshot, as ranges. */
async function missingBetween(tx: Tx, from: number, to: number): Promise<Range[]> {
  if (to <= from) return [];
  const rows = await tx.$queryRaw<{ f: bigint | number; t: bigint | number }[]>`
    SELECT "prev" + 1 AS "f", "seq" - 1 AS "t" FROM (
      SELECT w."seq", LAG(w."seq", 1, ${from}::int) OVER (ORDER BY w."seq") AS "prev" FROM "FieldWrite" w WHERE w."seq" > ${from} AND w."seq" <= ${to}
    ) AS x WHERE "seq" > "prev" + 1`;
  return rows.map((r) => [Number(r.f), Number(r.t)]);
}

/** The parts of these ranges still missing from the log in this snapshot. */
async function stillMissing(tx: Tx, ranges: readonly Range[]): Promise<Range[]> {
  const present = new Set((await tx.$queryRaw<{ seq: bigint | number }[]>`SELECT w."seq" FROM "FieldWrite" w WHERE ${inRanges(ranges)}`).map((r) => Number(r.seq)));
  const out: Range[] = [];
  for (const [f, t] of ranges) {
    for (let s = f; s <= t; s++) {
      if (present.has(s)) continue;
      const last = out.at(-1);
      if (last && last[1] === s - 1) last[1] = s;
      else out.push([s, s]);
    }
  }
  return out;
}

/** Rows of the session's field log after the cursor (at most `limit` new ones, plus late ones that filled its gaps), in seq order, and the next cursor. */
export async function pullFieldLog(read: Db, sname: string, since: string | undefined, limit: number): Promise<{ entries: LogEntry[]; cursor: string; more: boolean }> {
  const cursor = parseCursor(since);
  const sessionId = await sessionIdOf(read, sname);
  if (sessionId === null) throw new NotFoundError(`There is no session "${sname}"`);
  const inSession = Prisma.sql`w."sessionId" = ${sessionId}`;
  if (dialectOf(read) !== "postgresql") {
    const rows = await rowsWhere(read, Prisma.sql`${inSession} AND w."seq" > ${cursor.after}`, limit + 1);
    const page = rows.slice(0, limit).map(entry);
    return { entries: page, cursor: String(page.at(-1)?.seq ?? cursor.after), more: rows.length > limit };
  }
  return read.$transaction(
    async (tx) => {
      // The first statement fixes the snapshot that every later one reads.
      const [snap] = await tx.$queryRaw<{ xmin: string; xmax: string; open: bigint | number }[]>`
        SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS "xmin", pg_snapshot_xmax(pg_current_snapshot())::text AS "xmax",
          (SELECT COUNT(*) FROM pg_snapshot_xip(pg_current_snapshot())) AS "open"`;
      const oldest = BigInt(snap!.xmin);
      const gapRanges = cursor.gaps.flatMap((g) => g.ranges);
      const late = gapRanges.length === 0 ? [] : await rowsWhere(tx, Prisma.sql`${inSession} AND ${inRanges(gapRanges)}`, 1_000_000);
      const rows = await rowsWhere(tx, Prisma.sql`${inSession} AND w."seq" > ${cursor.after}`, limit + 1);
      const fresh = rows.slice(0, limit);
      const after = Number(fresh.at(-1)?.seq ?? cursor.after);
      // Old gaps stay while a transaction open in their snapshot may still fill them.
      const kept: Gaps[] = [];
      for (const g of cursor.gaps) if (oldest < g.xmax) kept.push({ ranges: await stillMissing(tx, g.ranges), xmax: g.xmax });
      // New gaps matter only while a transaction is open: without one, a missing seq is gone for good.
      if (Number(snap!.open) > 0) kept.push({ ranges: await missingBetween(tx, cursor.after, after), xmax: BigInt(snap!.xmax) });
      const entries = [...late, ...fresh].map(entry).sort((a, b) => a.seq - b.seq);
      return { entries, cursor: formatCursor({ after, gaps: kept }), more: rows.length > limit };
    },
    // The SQLite client's types offer Serializable only; this runs on PostgreSQL's (as the dump does).
    { isolationLevel: "RepeatableRead" } as object,
  );
}
