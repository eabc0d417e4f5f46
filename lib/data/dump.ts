/**
 * Database dump and restore: every table of prisma/schema.prisma as JSON Lines.
 *
 *   {"format":"sprout-dump","version":1,"migration":"<latest applied migration>"}
 *   {"table":"Session","row":{...}}          one line per row, tables in foreign-key order,
 *   ...                                       rows in primary-key order, dates as ISO strings
 *   {"end":"sprout-dump","rows":N,"sha256":"<hex of every line above, newlines included>"}
 *
 * The dump holds no wall-clock time of its own, so the same data always gives the same bytes
 * (dump, restore, dump again: identical files). Rows are read through Prisma and restored into
 * the columns the database's own tables have, so a column added to a model needs no change
 * here; a model added to the schema must be added to DUMP_TABLES (writeDump refuses to run
 * otherwise, and a test checks it).
 */
import crypto from "node:crypto";
import { z } from "zod";
import { InvalidInputError } from "../errors.ts";
import type { Db, Tx } from "../store/db.ts";
import { dialectOf, placeholder } from "../store/dialect.ts";
import { Prisma } from "../store/generated/client.ts";

const DUMP_FORMAT = "sprout-dump";
const DUMP_VERSION = 1;

/** Rows per query when dumping: memory stays flat however large the tables. */
const PAGE_SIZE = 5_000;
/** Bound values per INSERT when restoring, well under SQLite's limit of 32,766. */
const VALUES_PER_INSERT = 10_000;
/** A dump or restore is one transaction (one consistent snapshot); a big one takes minutes. */
const TRANSACTION_TIMEOUT_MS = 6 * 60 * 60 * 1000;

interface DumpTable {
  name: Prisma.ModelName;
  /** the primary key's columns: rows are dumped in this order, and paged by it */
  key: readonly string[];
}

/**
 * Every model, in an order that satisfies the foreign keys (Group and Player need their
 * Session, Player its Group, PageVisit its Player), so restoring in dump order never breaks one.
 */
export const DUMP_TABLES: readonly DumpTable[] = [
  { name: "Session", key: ["id"] },
  { name: "Group", key: ["id"] },
  { name: "Player", key: ["id"] },
  { name: "PageVisit", key: ["id"] },
  { name: "FieldWrite", key: ["seq"] },
  { name: "FieldValue", key: ["ownerKind", "ownerId", "key"] },
  { name: "OnceMarker", key: ["ownerKind", "ownerId", "key"] },
  { name: "Deadline", key: ["id"] },
  { name: "DropoutWatch", key: ["id"] },
  { name: "AdminLogin", key: ["id"] },
  { name: "LoginFailure", key: ["id"] },
  { name: "AuditEntry", key: ["id"] },
  { name: "Setting", key: ["name"] },
  { name: "Room", key: ["id"] },
  { name: "ApiToken", key: ["id"] },
  { name: "ChatThread", key: ["id"] },
  { name: "ChatMember", key: ["threadId", "playerId"] },
  { name: "ChatMessage", key: ["id"] },
];

/** Live state of running servers, not of the study: a restored database starts with none. */
export const NOT_DUMPED: readonly string[] = ["Connection"];

type Row = Record<string, unknown>;

/** The part of a Prisma model delegate (tx.session, tx.player, ...) the dump reads with. */
interface ModelDelegate {
  findMany(args: { where?: object; orderBy: Record<string, "asc">[]; take: number }): Promise<Row[]>;
  findFirst(args: { select: Record<string, true> }): Promise<Row | null>;
}

/** Prisma names a model's delegate after the model with a lower-case first letter (Session → tx.session). */
function delegate(tx: Tx, table: DumpTable): ModelDelegate {
  return (tx as unknown as Record<string, ModelDelegate>)[table.name[0]!.toLowerCase() + table.name.slice(1)]!;
}

/** A dump that silently left out a table would be found out only when it is needed: refuse instead. */
function assertEveryModelDumped(): void {
  const dumped = new Set([...DUMP_TABLES.map((t) => t.name), ...NOT_DUMPED]);
  const missing = Object.values(Prisma.ModelName).filter((m) => !dumped.has(m));
  if (missing.length > 0) throw new Error(`The dump does not cover ${missing.join(", ")}: add them to DUMP_TABLES in lib/data/dump.ts`);
}

/** The name of the latest migration applied to the database (Prisma's own bookkeeping table). */
async function latestMigration(tx: Tx): Promise<string | null> {
  const rows = await tx.$queryRawUnsafe<{ migration_name: string }[]>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name DESC LIMIT 1`,
  );
  return rows[0]?.migration_name ?? null;
}

/** "Rows after this one in key order": (k1, k2, k3) > (v1, v2, v3), spelled out for Prisma. */
function afterKey(key: readonly string[], row: Row): object {
  const terms = key.map((column, i) => ({ ...Object.fromEntries(key.slice(0, i).map((k) => [k, row[k]])), [column]: { gt: row[column] } }));
  return terms.length === 1 ? terms[0]! : { OR: terms };
}

/** A table's rows in primary-key order, a page at a time (keyset paging: no OFFSET that slows down as it goes). */
async function* tablePages(tx: Tx, table: DumpTable, pageSize: number): AsyncGenerator<Row[]> {
  const model = delegate(tx, table);
  const orderBy = table.key.map((k) => ({ [k]: "asc" as const }));
  let last: Row | undefined;
  for (;;) {
    const page = await model.findMany({ where: last ? afterKey(table.key, last) : undefined, orderBy, take: pageSize });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    last = page[page.length - 1];
  }
}

interface DumpSummary {
  rows: number;
  sha256: string;
}

/**
 * Writes a complete dump of the database to `write`, chunk by chunk (awaiting each chunk, so a
 * slow reader slows the dump down instead of filling memory). The whole dump is read in one
 * transaction, a consistent snapshot while the study goes on. Give it a connection of its own
 * (createDb()): statements other requests send on a shared connection meanwhile would run inside
 * that snapshot and see stale data.
 */
export async function writeDump(read: Db, write: (chunk: string) => void | Promise<void>, options: { pageSize?: number } = {}): Promise<DumpSummary> {
  assertEveryModelDumped();
  const pageSize = options.pageSize ?? PAGE_SIZE;
  return read.$transaction(
    async (tx) => {
      const hash = crypto.createHash("sha256");
      const emit = async (lines: string[]) => {
        const chunk = lines.map((l) => `${l}\n`).join("");
        hash.update(chunk);
        await write(chunk);
      };
      const migration = await latestMigration(tx);
      if (migration === null) throw new InvalidInputError("This database has no migrations applied, so there is nothing to dump");
      await emit([JSON.stringify({ format: DUMP_FORMAT, version: DUMP_VERSION, migration })]);
      let rows = 0;
      for (const table of DUMP_TABLES) {
        for await (const page of tablePages(tx, table, pageSize)) {
          rows += page.length;
          // JSON.stringify writes Dates as ISO strings; Prisma returns columns in schema order.
          await emit(page.map((row) => JSON.stringify({ table: table.name, row })));
        }
      }
      const sha256 = hash.digest("hex");
      await write(`${JSON.stringify({ end: DUMP_FORMAT, rows, sha256 })}\n`);
      return { rows, sha256 };
    },
    // One snapshot for every query: SQLite's read transaction is one; PostgreSQL's default
    // (read committed) takes a new one per statement.
    { timeout: TRANSACTION_TIMEOUT_MS, ...((dialectOf(read) === "postgresql" ? { isolationLevel: "RepeatableRead" } : {}) as object) },
  );
}

// ---- restore ----

const ZHeader = z.object({ format: z.string(), version: z.unknown(), migration: z.string() });
const ZRowLine = z.object({ table: z.string(), row: z.record(z.string(), z.unknown()) });
const ZFooter = z.object({ end: z.literal(DUMP_FORMAT), rows: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** The lines of a dump given whole (one string) or line by line (e.g. node:readline over a file). */
async function* linesOf(source: AsyncIterable<string> | string): AsyncGenerator<string> {
  if (typeof source !== "string") return yield* source;
  const lines = source.split("\n");
  if (lines[lines.length - 1] === "") lines.pop(); // the newline ending the last line
  yield* lines;
}

const TRUNCATED = "The dump ends before its end line: the file is incomplete (an interrupted download or copy?). Nothing was restored.";

/** A line as JSON; a line that is not JSON is damage, or, when it is the last one, a cut-off file. */
async function parseJsonLine(line: string, number: number, rest: AsyncIterator<string>): Promise<unknown> {
  try {
    return JSON.parse(line);
  } catch {
    if ((await rest.next()).done) throw new InvalidInputError(TRUNCATED);
    throw new InvalidInputError(`Line ${number} of the dump is not valid JSON: the file is damaged or was changed. Nothing was restored.`);
  }
}

/** Checks the first line: a Sprout dump, in a format version this Sprout reads. Returns the dump's migration. */
function checkHeader(line: string | undefined): string {
  const notADump = new InvalidInputError(`This is not a Sprout dump: its first line must name the format "${DUMP_FORMAT}". Nothing was restored.`);
  if (line === undefined) throw notADump;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw notADump;
  }
  const header = ZHeader.safeParse(value);
  if (!header.success || header.data.format !== DUMP_FORMAT) throw notADump;
  const { version } = header.data;
  if (typeof version === "number" && Number.isInteger(version) && version > DUMP_VERSION) {
    throw new InvalidInputError(`This dump has format version ${version}, written by a newer Sprout; this Sprout reads version ${DUMP_VERSION}. Restore it with the newer Sprout. Nothing was restored.`);
  }
  if (version !== DUMP_VERSION) {
    throw new InvalidInputError(`This dump has an unknown format version (${JSON.stringify(version)}); this Sprout reads version ${DUMP_VERSION}. Nothing was restored.`);
  }
  return header.data.migration;
}

/** A restore goes into a fresh database only: nothing is overwritten, and no two studies get mixed. */
async function assertEmpty(tx: Tx): Promise<void> {
  const holding: string[] = [];
  for (const table of DUMP_TABLES) {
    const select = Object.fromEntries(table.key.map((k) => [k, true as const]));
    if (await delegate(tx, table).findFirst({ select })) holding.push(table.name);
  }
  if (holding.length > 0) {
    throw new InvalidInputError(
      `This database already holds data (${holding.join(", ")}): a dump is restored into a fresh, empty database only. Point DATABASE_URL at a new file and restore again. Nothing was restored.`,
    );
  }
}

interface RestoreSummary {
  rows: number;
  migration: string;
}

/**
 * Restores a dump into a fresh database at the migration the dump was taken at. Refuses, with
 * an InvalidInputError saying why, anything that is not a complete, unchanged dump of the same
 * format version and migration, and a database that already holds data.
 *
 * The database is left untouched by a refusal: the header, the migration and the emptiness are
 * checked before anything is written, and every row is inserted in ONE transaction that commits
 * only after the end line has confirmed the row count and the checksum of every line. (So the
 * input is read once, and a file of any size needs no more memory than a batch of rows.)
 */
export async function restoreDump(db: Db, source: AsyncIterable<string> | string): Promise<RestoreSummary> {
  assertEveryModelDumped();
  const lines = linesOf(source)[Symbol.asyncIterator]();
  const first = await lines.next();
  const headerLine = first.done ? undefined : first.value;
  const migration = checkHeader(headerLine);

  const ours = await latestMigration(db);
  if (ours !== migration) {
    throw new InvalidInputError(
      `The dump was taken from a database at migration ${migration}, but this database is at ${ours ?? "no migration"}. Restore it with the Sprout version that wrote it (the same migrations), then upgrade. Nothing was restored.`,
    );
  }
  return db.$transaction(
    async (tx) => {
      await assertEmpty(tx); // inside the transaction: nothing can slip in before the rows
      const rows = await insertRows(tx, lines, `${headerLine}\n`);
      await continueSequences(tx);
      return { rows, migration };
    },
    { timeout: TRANSACTION_TIMEOUT_MS },
  );
}

/** A table's columns in the target database, by name, with their declared type (DATETIME, BOOLEAN, ...). */
type Columns = Map<string, string>;

/**
 * The columns of every table, read from the database itself. Restoring writes rows with plain
 * INSERTs (Prisma's createMany costs ~0.4 ms a row, ~7 minutes for a million; an INSERT of
 * bound values is twenty times faster), so the table's own column list decides what a row may
 * hold. This, insertBatch and continueSequences are where the engines differ.
 */
async function tableColumns(tx: Tx): Promise<Map<string, Columns>> {
  const all = new Map<string, Columns>();
  const postgres = dialectOf(tx) === "postgresql";
  for (const table of DUMP_TABLES) {
    const rows = postgres
      ? await tx.$queryRawUnsafe<{ name: string; type: string }[]>(
          `SELECT column_name AS name, CASE WHEN data_type LIKE 'timestamp%' THEN 'DATETIME' ELSE data_type END AS type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
          table.name,
        )
      : await tx.$queryRawUnsafe<{ name: string; type: string }[]>(`SELECT name, type FROM pragma_table_info(?)`, table.name);
    all.set(table.name, new Map(rows.map((r) => [r.name, r.type.toUpperCase()])));
  }
  return all;
}

/**
 * PostgreSQL: explicit ids leave each serial column's sequence where it was, so the next new
 * row would take id 1 again: move every sequence past the restored rows. (SQLite's
 * AUTOINCREMENT counter follows explicit ids by itself.)
 */
async function continueSequences(tx: Tx): Promise<void> {
  if (dialectOf(tx) !== "postgresql") return;
  const serials = await tx.$queryRawUnsafe<{ table: string; column: string }[]>(
    `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`,
  );
  for (const { table, column } of serials) {
    await tx.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('"${table}"', '${column}'), COALESCE(MAX("${column}"), 0) + 1, false) FROM "${table}"`);
  }
}

/**
 * A dumped row as the values to bind, in the order of `columns`; a string saying what is wrong
 * when the row does not match the table. DateTime columns go in as Dates, so the driver stores
 * them exactly as Prisma does.
 */
function rowValues(row: Row, columns: Columns): unknown[] | string {
  const extra = Object.keys(row).filter((k) => !columns.has(k));
  if (extra.length > 0) return `the table has no column ${extra.join(", ")}`;
  const values: unknown[] = [];
  for (const [column, type] of columns) {
    if (!(column in row)) return `the row has no ${column}`;
    const value = row[column];
    if (value === null) values.push(null);
    else if (type === "DATETIME") {
      const date = typeof value === "string" ? new Date(value) : null;
      if (!date || Number.isNaN(date.getTime())) return `${column} is not a date`;
      values.push(date);
    } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") values.push(value);
    else return `${column} holds ${Array.isArray(value) ? "a list" : "an object"}`;
  }
  return values;
}

/**
 * Inserts the row lines in batches and checks the end line; throws (rolling the transaction
 * back) on anything wrong. `hashed` is what came before: the header line.
 */
async function insertRows(tx: Tx, lines: AsyncIterator<string>, hashed: string): Promise<number> {
  const hash = crypto.createHash("sha256").update(hashed);
  const columns = await tableColumns(tx);
  const order = new Map(DUMP_TABLES.map((t, i) => [t.name as string, i]));
  let number = 1; // line number, for messages
  let rows = 0;
  let tableIndex = 0;
  let batch: unknown[][] = [];
  // An insert that fails is reported only once the checksum is known to be right: a changed
  // file should be called a changed file, not a row that does not fit.
  let insertError: InvalidInputError | null = null;
  const flush = async () => {
    const table = DUMP_TABLES[tableIndex]!;
    if (batch.length > 0 && !insertError) insertError = await insertBatch(tx, table, [...columns.get(table.name)!.keys()], batch);
    batch = [];
  };

  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    number++;
    const line = next.value;
    const value = await parseJsonLine(line, number, lines);
    const footer = ZFooter.safeParse(value);
    if (footer.success) {
      await flush();
      if ((await lines.next()).done !== true) throw new InvalidInputError(`The dump goes on after its end line (line ${number}): the file was changed. Nothing was restored.`);
      if (hash.digest("hex") !== footer.data.sha256) throw new InvalidInputError("The dump's checksum does not match its content: the file was changed or damaged after it was written. Nothing was restored.");
      if (footer.data.rows !== rows) throw new InvalidInputError(`The dump's end line counts ${footer.data.rows} rows, but it holds ${rows}. Nothing was restored.`);
      if (insertError) throw insertError;
      return rows;
    }
    hash.update(`${line}\n`);
    const parsed = ZRowLine.safeParse(value);
    if (!parsed.success) throw new InvalidInputError(`Line ${number} of the dump is neither a row nor the end line: the file is damaged or was changed. Nothing was restored.`);
    const { table, row } = parsed.data;
    const index = order.get(table);
    if (index === undefined) throw new InvalidInputError(`Line ${number} of the dump is a row of "${table}", a table this database does not have. Nothing was restored.`);
    // Tables come in DUMP_TABLES order (foreign keys): one going back means the lines were reordered.
    if (index < tableIndex) throw new InvalidInputError(`Line ${number} of the dump is out of order (a ${table} row after ${DUMP_TABLES[tableIndex]!.name} rows). Nothing was restored.`);
    if (index !== tableIndex) await flush();
    tableIndex = index;
    const tableColumns = columns.get(table)!;
    const values = rowValues(row, tableColumns);
    if (typeof values === "string") throw new InvalidInputError(`Line ${number} of the dump does not fit this database's ${table} table: ${values}. Nothing was restored.`);
    batch.push(values);
    rows++;
    if ((batch.length + 1) * tableColumns.size > VALUES_PER_INSERT) await flush();
  }
  throw new InvalidInputError(TRUNCATED);
}

/**
 * Inserts rows as they were, ids included (see continueSequences for the ids after them). FieldWrite's
 * triggers refuse UPDATE and DELETE only. Returns the refusal instead of throwing it (see insertRows).
 */
async function insertBatch(tx: Tx, table: DumpTable, columns: string[], rows: unknown[][]): Promise<InvalidInputError | null> {
  const dialect = dialectOf(tx);
  let n = 0;
  const values = rows.map(() => `(${columns.map(() => placeholder(dialect, ++n)).join(", ")})`);
  const sql = `INSERT INTO "${table.name}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values.join(", ")}`;
  try {
    await tx.$executeRawUnsafe(sql, ...rows.flat());
    return null;
  } catch (e) {
    const reason = e instanceof Error ? (e.message.trim().split("\n").pop() ?? e.message) : String(e);
    return new InvalidInputError(`The dump's ${table.name} rows do not fit this database (${reason}). Nothing was restored.`);
  }
}
