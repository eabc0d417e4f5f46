/**
 * Session exports, streamed: each is an async generator of text chunks that reads the database
 * in pages (a cursor on seq or id), so a study with a million log rows downloads with flat
 * memory. Formats:
 *  - wide.csv: one row per player, a column per field (current values);
 *  - long.csv and log.jsonl: every write of the field log, in seq order, with its context and provenance;
 *  - page-times.csv: one row per page visit;
 *  - rounds.csv: one row per player per app and round, with the values as the round ended;
 *  - groups.csv: one row per group per app and round, its members and its values as the round ended;
 *  - sessions.csv: one row per session: its players' counts and its fields;
 *  - chat.csv: one row per chat message (who wrote it, when, to or from which player);
 *  - dictionary.csv and dictionary.md: what every column means (lib/data/dictionary.ts).
 * CSV cells go through papaparse, which quotes them and defuses spreadsheet formulas.
 */
import { InvalidInputError, NotFoundError } from "../errors.ts";
import { csvLines, type Cell } from "./csv.ts";
import { dataDictionary, dictionaryCsv, dictionaryMarkdown } from "./dictionary.ts";
import { errorResponse } from "../http.ts";
import { RESERVED_FIELD_NAMES } from "../experiment/define-app.ts";
import { pathAt } from "../experiment/page-order.ts";
import { groupName } from "../engine/core/groups.ts";
import { settledLastSeq } from "../store/commit-order.ts";
import type { Db } from "../store/db.ts";
import { Prisma } from "../store/generated/client.ts";
import { TESTING_FILTERS, testingWhere, type TestingFilter } from "./sessions.ts";
import { getApp } from "../project.ts";
import { log } from "../log.ts";
import { entryCsv } from "./entry-export.ts";
import { fieldValueColumn, pageOrderColumn, sessionAppsColumn } from "../store/columns.ts";
import { flagsCell, VISIT_QUALITY_COLUMNS, visitQualityCells } from "./quality-export.ts";

/**
 * Rows per query. Measured on 1,000,000 log rows (tests/bench/export.ts): 1,000 rows a page is
 * as fast as 5,000 and peaks about 50 MB lower, as less of each page lives long enough to be
 * promoted to the old heap.
 */
const LOG_PAGE = 1_000;
/** Players per query in the wide export; each brings all its field values along (e.g. 50 per player). */
const PLAYER_PAGE = 1_000;

/** What an export covers: one session, or every session with test runs kept, hidden or alone. */
export type ExportTarget = { session: string } | { testing: TestingFilter };

/** A target checked against the database: an existing session's id, or the testing filter. */
export type ExportScope = { sessionId: number } | { testing: TestingFilter };

export const EXPORT_FORMATS = ["wide.csv", "long.csv", "log.jsonl", "page-times.csv", "rounds.csv", "groups.csv", "sessions.csv", "chat.csv", "dictionary.csv", "dictionary.md", "entry.csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Which players the per-player tables (wide.csv, rounds.csv) keep: `all`, `hide` (leave them
 * out) or `only` (nothing else), for dropouts and for players who did not reach the end.
 * Test runs are the sessions' filter (`testing`, for the downloads of all sessions).
 */
export interface PlayerFilter {
  dropouts: TestingFilter;
  unfinished: TestingFilter;
  /** add the data-quality columns (?quality=1; lib/data/quality-export.ts), to the formats in QUALITY_FORMATS */
  quality?: boolean;
}
/** The formats that carry the data-quality columns when asked. */
export const QUALITY_FORMATS: readonly ExportFormat[] = ["wide.csv", "rounds.csv", "page-times.csv"];
/** The formats with one row per player (or per player and round), which the player filter applies to. */
export const PLAYER_FILTERED_FORMATS: readonly ExportFormat[] = ["wide.csv", "rounds.csv"];

/** The player filter of a query (`dropouts`, `unfinished`: all, hide or only); anything else is an InvalidInputError (400). */
export function playerFilterOf(query: { get(name: string): string | null }): PlayerFilter {
  const one = (name: keyof PlayerFilter): TestingFilter => {
    const value = query.get(name) ?? "all";
    if (!(TESTING_FILTERS as readonly string[]).includes(value)) throw new InvalidInputError(`${name} must be one of ${TESTING_FILTERS.join(", ")}, not "${value}"`);
    return value as TestingFilter;
  };
  const quality = query.get("quality");
  if (quality !== null && quality !== "1" && quality !== "0") throw new InvalidInputError(`quality must be 1 (add the data-quality columns) or 0, not "${quality}"`);
  return { dropouts: one("dropouts"), unfinished: one("unfinished"), ...(quality === "1" ? { quality: true } : {}) };
}

/** What a filter adds to a download's name, e.g. "-without-dropouts-unfinished-only"; empty for all players. */
export function playerFilterSuffix(filter: PlayerFilter): string {
  const part = (value: TestingFilter, what: string) => (value === "hide" ? `-without-${what}` : value === "only" ? `-${what}-only` : "");
  return part(filter.dropouts, "dropouts") + part(filter.unfinished, "unfinished");
}

/** Whether a player has reached the end of their page order. */
const finishedAt = (position: number, pageOrder: string) => position > 0 && position >= pageOrderColumn.read(pageOrder).length;

/** Whether a player passes a filter. */
function keeps(filter: PlayerFilter, p: { dropout: boolean; finished: boolean }): boolean {
  const pass = (value: TestingFilter, is: boolean) => value === "all" || (value === "hide" ? !is : is);
  return pass(filter.dropouts, p.dropout) && pass(filter.unfinished, !p.finished);
}

export const isExportFormat = (s: string): s is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(s);


/** The scope of a target; a session that does not exist is a NotFoundError (404). */
export async function resolveScope(read: Db, target: ExportTarget): Promise<ExportScope> {
  if ("testing" in target) return target;
  const session = await read.session.findUnique({ where: { name: target.session }, select: { id: true } });
  if (!session) throw new NotFoundError(`There is no session "${target.session}"`);
  return { sessionId: session.id };
}

/** The SQL condition on the Session row aliased `s` that selects the scope's sessions. */
function sessionCondition(scope: ExportScope): Prisma.Sql {
  if ("sessionId" in scope) return Prisma.sql`s."id" = ${scope.sessionId}`;
  // Literals rather than bound booleans: SQLite stores booleans as 0/1, and both it and PostgreSQL read TRUE/FALSE.
  if (scope.testing === "hide") return Prisma.sql`s."testing" = FALSE`;
  if (scope.testing === "only") return Prisma.sql`s."testing" = TRUE`;
  return Prisma.sql`1 = 1`;
}

// --- CSV -------------------------------------------------------------------------------------

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

// --- Long: the field log ---------------------------------------------------------------------

const LOG_COLUMNS = ["seq", "at", "session", "ownerKind", "owner", "key", "value", "app", "position", "round", "byKind", "byName", "page", "hook", "codeLine"] as const;

interface LogRow {
  seq: number;
  at: string;
  session: string;
  ownerKind: string;
  /** the player's or group's name, or the session's for session fields */
  owner: string;
  key: string;
  /** JSON text; null for a tombstone (the field was deleted) */
  value: string | null;
  app: string | null;
  position: number | null;
  round: number | null;
  byKind: string;
  byName: string | null;
  page: string | null;
  hook: string | null;
  codeLine: string | null;
}

/**
 * Every field write in scope, in seq order, a page at a time. The export ends at the last
 * write that existed when it began, so a busy study cannot keep it running forever; every row
 * up to it is final before the first page is read (see settledLastSeq), so none that commits
 * late is stepped over.
 */
async function* logPages(read: Db, scope: ExportScope): AsyncGenerator<LogRow[]> {
  const where = sessionCondition(scope);
  const last = await settledLastSeq(read, where);
  if (last === null) return;
  for (let after = 0; ; ) {
    // Owner names come with the rows (primary-key lookups), not from a second round trip.
    const rows = await read.$queryRaw<(Omit<LogRow, "at"> & { at: Date | string })[]>`
      SELECT w."seq", w."at", s."name" AS "session", w."ownerKind",
        CASE w."ownerKind" WHEN 'player' THEN p."name" WHEN 'group' THEN g."name" ELSE s."name" END AS "owner",
        w."key", w."value", w."app", w."position", w."round", w."byKind", w."byName", w."page", w."hook", w."codeLine"
      FROM "FieldWrite" w
      JOIN "Session" s ON s."id" = w."sessionId"
      LEFT JOIN "Player" p ON w."ownerKind" = 'player' AND p."id" = w."ownerId"
      LEFT JOIN "Group" g ON w."ownerKind" = 'group' AND g."id" = w."ownerId"
      WHERE w."seq" > ${after} AND w."seq" <= ${last} AND ${where}
      ORDER BY w."seq" LIMIT ${LOG_PAGE}`;
    if (rows.length === 0) return;
    yield rows.map((r) => ({ ...r, seq: Number(r.seq), at: iso(r.at)! }));
    after = Number(rows[rows.length - 1]!.seq);
  }
}

/** The field log as CSV: one line per write; `value` is JSON text, empty for a deletion. */
export async function* longCsv(read: Db, scope: ExportScope): AsyncGenerator<string> {
  let header = csvLines([[...LOG_COLUMNS]]);
  // The header goes out with the first rows, so a failing first query still gets a status code.
  for await (const rows of logPages(read, scope)) {
    yield header + csvLines(rows.map((r) => LOG_COLUMNS.map((c) => r[c])));
    header = "";
  }
  if (header) yield header;
}

/** The field log as JSON Lines: one object per write, the long CSV's columns as keys; `value` is JSON text or null for a deletion. */
export async function* logJsonl(read: Db, scope: ExportScope): AsyncGenerator<string> {
  for await (const rows of logPages(read, scope)) yield rows.map((r) => `${JSON.stringify(r, LOG_COLUMNS as unknown as string[])}\n`).join("");
}

// --- Page times --------------------------------------------------------------------------------

const PAGE_TIME_COLUMNS = ["session", "player", "position", "page", "app", "round", "entered", "left", "seconds", "leftHow"] as const;

interface VisitRow {
  id: number;
  session: string;
  player: string;
  position: number;
  page: string;
  app: string | null;
  round: number | null;
  enteredAt: Date | string;
  leftAt: Date | string | null;
  leftHow: string | null;
  signals: string | null;
  flags: string | null;
}

/** One page visit as the page-times export and the API give it. */
export interface PageVisitOut extends Omit<VisitRow, "enteredAt" | "leftAt" | "signals" | "flags"> {
  entered: string;
  left: string | null;
  /** seconds on the page, to the millisecond; null while the player is still there */
  seconds: number | null;
}

/** The scope's page visits with an id above `after`, in the order they began (by id); `player` narrows to one. */
export async function pageVisits(read: Db, scope: ExportScope, after: number, limit: number, player?: string): Promise<PageVisitOut[]> {
  return (await pageVisitRows(read, scope, after, limit, player)).map(({ out }) => out);
}

/** The visits with their stored quality columns (for the page-times export with ?quality=1). */
async function pageVisitRows(read: Db, scope: ExportScope, after: number, limit: number, player?: string): Promise<{ out: PageVisitOut; signals: string | null; flags: string | null }[]> {
  const onePlayer = player === undefined ? Prisma.empty : Prisma.sql`AND p."name" = ${player}`;
  const rows = await read.$queryRaw<VisitRow[]>`
    SELECT v."id", s."name" AS "session", p."name" AS "player", v."position", v."page", v."app", v."round", v."enteredAt", v."leftAt", v."leftHow", v."signals", v."flags"
    FROM "PageVisit" v
    JOIN "Player" p ON p."id" = v."playerId"
    JOIN "Session" s ON s."id" = v."sessionId"
    WHERE v."id" > ${after} AND ${sessionCondition(scope)} ${onePlayer}
    ORDER BY v."id" LIMIT ${limit}`;
  return rows.map((v) => {
    const entered = new Date(v.enteredAt);
    const left = v.leftAt === null ? null : new Date(v.leftAt);
    const out: PageVisitOut = {
      id: Number(v.id),
      session: v.session,
      player: v.player,
      position: Number(v.position),
      page: v.page,
      app: v.app,
      round: v.round === null ? null : Number(v.round),
      entered: entered.toISOString(),
      left: left?.toISOString() ?? null,
      seconds: left === null ? null : Math.round(left.getTime() - entered.getTime()) / 1000,
      leftHow: v.leftHow,
    };
    return { out, signals: v.signals, flags: v.flags };
  });
}

/** One line per page visit, in the order the visits began (by id). */
async function* pageTimesCsv(read: Db, scope: ExportScope, options: PlayerFilter): AsyncGenerator<string> {
  const quality = options.quality === true;
  let header = csvLines([[...PAGE_TIME_COLUMNS, ...(quality ? VISIT_QUALITY_COLUMNS : [])]]);
  for (let after = 0; ; ) {
    const visits = await pageVisitRows(read, scope, after, LOG_PAGE);
    if (visits.length === 0) {
      if (header) yield header;
      return;
    }
    yield header + csvLines(visits.map(({ out, signals, flags }) => [...PAGE_TIME_COLUMNS.map((c) => out[c]), ...(quality ? visitQualityCells(signals, flags) : [])]));
    header = "";
    after = visits[visits.length - 1]!.out.id;
  }
}

// --- Chat: one row per message ---------------------------------------------------------------

/**
 * thread: the conversation; kind: "admin" (the admins and one player), "group" or "session" (a
 * participants' channel); player: the admin thread's participant, or in a channel the writer;
 * from: admin or participant; sender: the admin's or player's name; channel: the thread's key
 * ("group:<id>", "session"); alias: the name the other participants saw.
 */
export const CHAT_COLUMNS = ["session", "thread", "kind", "player", "from", "sender", "text", "at", "id", "channel", "alias"] as const;

async function* chatCsv(read: Db, scope: ExportScope): AsyncGenerator<string> {
  let header = csvLines([[...CHAT_COLUMNS]]);
  const session = "sessionId" in scope ? { id: scope.sessionId } : testingWhere(scope.testing);
  for (let after = 0; ; ) {
    const rows = await read.chatMessage.findMany({
      where: { id: { gt: after }, thread: { session } },
      orderBy: { id: "asc" },
      take: LOG_PAGE,
      include: { thread: { select: { id: true, kind: true, key: true, session: { select: { name: true } }, members: { select: { player: { select: { name: true } } }, take: 1, orderBy: { playerId: "asc" } } } } },
    });
    if (rows.length === 0) {
      if (header) yield header;
      return;
    }
    yield header +
      csvLines(
        rows.map((m) => {
          const player = m.thread.kind === "admin" ? (m.thread.members[0]?.player.name ?? null) : m.senderKind === "participant" ? m.senderName : null;
          return [m.thread.session.name, m.thread.id, m.thread.kind, player, m.senderKind, m.senderName, m.text, m.createdAt.toISOString(), m.id, m.thread.kind === "admin" ? null : m.thread.key, m.alias];
        }),
      );
    header = "";
    after = rows[rows.length - 1]!.id;
  }
}

// --- Wide: one row per player --------------------------------------------------------------------

/** Columns every wide row starts with, from the Player table (the source of truth for them). */
const PLAYER_COLUMNS = ["session", "player", "index", "label", "started", "position", "page", "dropout", "finished", "group", "memberIndex"];
/** Structural fields the log also records; the fixed columns above already show them. */
const SHOWN_BY_PLAYER_COLUMNS = new Set(PLAYER_COLUMNS);

/**
 * A current value as a cell: strings as they are, numbers, booleans, lists and objects as
 * their JSON text; empty when deleted or null (as a missing value, so that an optional number
 * left empty does not turn its whole column into text in R or pandas; the long export keeps
 * null and deleted apart).
 */
function wideCell(json: string | null | undefined): Cell {
  if (json === null || json === undefined || json === "null") return null;
  return json.startsWith('"') ? (fieldValueColumn.read(json) as string) : json;
}

interface WideColumns {
  player: string[];
  session: string[];
  group: string[];
}

/** The field keys that hold a value somewhere in scope, per owner kind, sorted. */
async function wideColumns(read: Db, scope: ExportScope): Promise<WideColumns> {
  const keys = await read.$queryRaw<{ ownerKind: string; key: string }[]>`
    SELECT DISTINCT v."ownerKind", v."key" FROM "FieldValue" v JOIN "Session" s ON s."id" = v."sessionId"
    WHERE v."value" IS NOT NULL AND ${sessionCondition(scope)}`;
  const of = (kind: string) =>
    keys
      .filter((k) => k.ownerKind === kind)
      .map((k) => k.key)
      .sort();
  return { player: of("player").filter((k) => !SHOWN_BY_PLAYER_COLUMNS.has(k)), session: of("session"), group: of("group") };
}

/** Current values of some owners of one kind: owner id → key → JSON text. */
async function valuesOf(read: Db, ownerKind: string, ids: number[]): Promise<Map<number, Map<string, string | null>>> {
  const out = new Map<number, Map<string, string | null>>();
  if (ids.length === 0) return out;
  const rows = await read.fieldValue.findMany({ where: { ownerKind, ownerId: { in: ids } }, select: { ownerId: true, key: true, value: true } });
  for (const r of rows) {
    let m = out.get(r.ownerId);
    if (!m) out.set(r.ownerId, (m = new Map()));
    m.set(r.key, r.value);
  }
  return out;
}

/** The sessions in scope, oldest first, with their apps. */
async function sessionsIn(read: Db, scope: ExportScope) {
  const where = "sessionId" in scope ? { id: scope.sessionId } : testingWhere(scope.testing);
  const sessions = await read.session.findMany({ where, orderBy: { id: "asc" }, select: { id: true, name: true, apps: true, testing: true, createdAt: true } });
  return sessions.map((s) => ({ id: s.id, name: s.name, apps: sessionAppsColumn.read(s.apps), testing: s.testing, createdAt: s.createdAt }));
}

/** One session's wide rows, a page of players at a time. */
async function* wideRowsOf(read: Db, session: { id: number; name: string }, columns: WideColumns, filter: PlayerFilter): AsyncGenerator<Cell[][]> {
  const sessionValues = (await valuesOf(read, "session", [session.id])).get(session.id);
  const sessionCells = columns.session.map((k) => wideCell(sessionValues?.get(k)));
  // Group values are kept for the session: its groups are few beside its players and recur on every page.
  const groupValues = new Map<number, Map<string, string | null>>();
  for (let after = -1; ; ) {
    const players = await read.player.findMany({
      where: { sessionId: session.id, index: { gt: after } },
      orderBy: { index: "asc" },
      take: PLAYER_PAGE,
      select: { id: true, name: true, index: true, label: true, started: true, position: true, pageOrder: true, dropout: true, groupId: true, memberIndex: true, group: { select: { name: true } }, quality: true },
    });
    if (players.length === 0) return;
    after = players[players.length - 1]!.index;
    const kept = players.map((p) => ({ ...p, finished: finishedAt(p.position, p.pageOrder) })).filter((p) => keeps(filter, p));
    if (kept.length === 0) continue;
    const newGroups = [...new Set(kept.map((p) => p.groupId).filter((g): g is number => g !== null && !groupValues.has(g)))];
    for (const [id, values] of await valuesOf(read, "group", newGroups)) groupValues.set(id, values);
    const playerValues = await valuesOf(read, "player", kept.map((p) => p.id));
    yield kept.map((p) => {
      const own = playerValues.get(p.id);
      const group = p.groupId === null ? undefined : groupValues.get(p.groupId);
      return [
        session.name, p.name, p.index, p.label, p.started, p.position, pathAt(pageOrderColumn.read(p.pageOrder), p.position), p.dropout, p.finished, p.group?.name ?? null, p.memberIndex,
        ...columns.player.map((k) => wideCell(own?.get(k))),
        ...sessionCells,
        ...columns.group.map((k) => wideCell(group?.get(k))),
        ...(filter.quality ? [flagsCell(p.quality)] : []),
      ];
    });
  }
}

/**
 * One line per player: the Player table's columns, then a column per player field, the
 * session's fields as `session.<key>` and the player's group's fields as `group.<key>`.
 */
async function* wideCsv(read: Db, scope: ExportScope, filter: PlayerFilter): AsyncGenerator<string> {
  const columns = await wideColumns(read, scope);
  yield csvLines([[...PLAYER_COLUMNS, ...columns.player, ...columns.session.map((k) => `session.${k}`), ...columns.group.map((k) => `group.${k}`), ...(filter.quality ? ["quality"] : [])]]);
  for (const session of await sessionsIn(read, scope)) {
    for await (const rows of wideRowsOf(read, session, columns, filter)) yield csvLines(rows);
  }
}

// --- Rounds: one row per player (and per group) per app and round, as the round ended ------

const ROUND_COLUMNS = ["session", "player", "index", "label", "app", "round", "group", "memberIndex", "role", "dropout", "finished", "testing"];
/** Players per query in the rounds exports; each brings its whole history of writes. */
const ROUND_PLAYER_PAGE = 100;
/** A player field the rounds table shows in its own column (an app without declared roles may set it). */
const ROLE_FIELD = "role";

/** The fields of players or groups written within an app somewhere in scope, without Sprout's own, sorted. */
async function roundColumns(read: Db, scope: ExportScope, ownerKind: "player" | "group"): Promise<string[]> {
  const keys = await read.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT w."key" FROM "FieldWrite" w JOIN "Session" s ON s."id" = w."sessionId"
    WHERE w."ownerKind" = ${ownerKind} AND w."app" IS NOT NULL AND ${sessionCondition(scope)}`;
  return keys
    .map((k) => k.key)
    .filter((k) => !RESERVED_FIELD_NAMES.has(k) && !(ownerKind === "player" && k === ROLE_FIELD))
    .sort();
}

interface RoundRow {
  app: string;
  round: number | null;
  group: string | null;
  memberIndex: number | null;
  /** the player's `role` field as it was in the round (used when the app declares no roles) */
  roleField: string | null;
  values: Map<string, string | null>;
  /** the round's own grouping (a group write in its context) decides its group, not later writes */
  grouped: boolean;
}

const GROUPING_KEYS = new Set(["group", "memberIndex", ROLE_FIELD]);

/**
 * A player's rounds from their writes in seq order: each (app, round) they wrote in, with the
 * last value each field got in it, and their group, member index and role field of that round
 * (so a rematch between rounds shows): as written in the round's own context when it regrouped
 * them, else as they were at its last write. A write in a round's context can come after the
 * player was regrouped for the next round (a hook writing for the group); it does not move the
 * round into the next round's group. Writes outside an app move only those.
 */
function roundsOf(writes: readonly { key: string; value: string | null; app: string | null; round: number | null }[]): RoundRow[] {
  const rows = new Map<string, RoundRow>();
  let group: string | null = null;
  let memberIndex: number | null = null;
  let roleField: string | null = null;
  for (const w of writes) {
    if (w.key === "group") group = w.value === null || w.value === "null" ? null : groupName(Number(w.value));
    if (w.key === "memberIndex") memberIndex = w.value === null || w.value === "null" ? null : Number(w.value);
    if (w.key === ROLE_FIELD) roleField = wideCell(w.value) === null ? null : String(wideCell(w.value));
    if (w.app === null) continue;
    const id = `${w.app}\u0000${w.round ?? ""}`;
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { app: w.app, round: w.round === null ? null : Number(w.round), group, memberIndex, roleField, values: new Map(), grouped: false }));
    const own = GROUPING_KEYS.has(w.key);
    if (own || !row.grouped) {
      row.group = group;
      row.memberIndex = memberIndex;
      row.roleField = roleField;
    }
    if (own) row.grouped = true;
    if (!RESERVED_FIELD_NAMES.has(w.key) && w.key !== ROLE_FIELD) row.values.set(w.key, w.value);
  }
  return [...rows.values()];
}

/** A player's role in a round: the app's declared role of their member index, else their `role` field. */
function roleIn(row: RoundRow): string | null {
  const declared = getApp(row.app)?.roles;
  if (declared) return row.memberIndex === null ? null : (declared[row.memberIndex] ?? null);
  return row.roleField;
}

interface PlayerRounds {
  player: { id: number; name: string; index: number; label: string | null; dropout: boolean; finished: boolean };
  rounds: RoundRow[];
}

/**
 * The writes of some players that decide their rounds, in seq order: the last write of each
 * field in each app and round (what the round ended with) and every write of the group, member
 * index and role (which carry over into later rounds). Earlier writes of a field within a round
 * stay in the database, so a log of many changes per round costs no memory here.
 */
async function roundWrites(read: Db, ids: readonly number[]) {
  const list = Prisma.join([...ids]);
  const rows = await read.$queryRaw<{ ownerId: number; key: string; value: string | null; app: string | null; round: number | null }[]>`
    SELECT w."ownerId", w."key", w."value", w."app", w."round" FROM "FieldWrite" w
    WHERE w."ownerKind" = 'player' AND w."ownerId" IN (${list}) AND (
      w."key" IN ('group', 'memberIndex', ${ROLE_FIELD})
      OR w."seq" IN (SELECT MAX(x."seq") FROM "FieldWrite" x WHERE x."ownerKind" = 'player' AND x."ownerId" IN (${list}) GROUP BY x."ownerId", x."key", x."app", x."round"))
    ORDER BY w."seq"`;
  return rows.map((r) => ({ ...r, ownerId: Number(r.ownerId), round: r.round === null ? null : Number(r.round) }));
}

/** The session's apps in play order, then rounds in order (apps not in the session last). */
function playOrder(apps: readonly string[]) {
  const appOrder = (app: string) => apps.indexOf(app) + 1 || apps.length + 1;
  return (x: { app: string; round: number | null }, y: { app: string; round: number | null }) => appOrder(x.app) - appOrder(y.app) || (x.round ?? 0) - (y.round ?? 0);
}

/** A session's players with their rounds, a page of players at a time, in index order. */
async function* playerRoundPages(read: Db, sessionId: number, apps: readonly string[]): AsyncGenerator<PlayerRounds[]> {
  const order = playOrder(apps);
  for (let after = -1; ; ) {
    const players = await read.player.findMany({
      where: { sessionId, index: { gt: after } },
      orderBy: { index: "asc" },
      take: ROUND_PLAYER_PAGE,
      select: { id: true, name: true, index: true, label: true, position: true, pageOrder: true, dropout: true },
    });
    if (players.length === 0) return;
    const writes = await roundWrites(read, players.map((p) => p.id));
    const byPlayer = new Map<number, typeof writes>();
    for (const w of writes) (byPlayer.get(w.ownerId) ?? byPlayer.set(w.ownerId, []).get(w.ownerId)!).push(w);
    yield players.map((p) => ({
      player: { id: p.id, name: p.name, index: p.index, label: p.label, dropout: p.dropout, finished: finishedAt(p.position, p.pageOrder) },
      rounds: roundsOf(byPlayer.get(p.id) ?? []).sort(order),
    }));
    after = players[players.length - 1]!.index;
  }
}

/**
 * One line per player per app and round they played (in play order: the session's apps, then rounds): the
 * value each field had when the round ended, read from the field log (a field changed in
 * round 2 and again in round 3 shows each round's value), with the player's group, member
 * index and role of that round. Apps without rounds have one line per player with the round empty.
 */
async function* roundsCsv(read: Db, scope: ExportScope, filter: PlayerFilter): AsyncGenerator<string> {
  const columns = await roundColumns(read, scope, "player");
  yield csvLines([[...ROUND_COLUMNS, ...columns, ...(filter.quality ? ["qualityFlags"] : [])]]);
  for (const session of await sessionsIn(read, scope)) {
    for await (const page of playerRoundPages(read, session.id, session.apps)) {
      const lines: Cell[][] = [];
      const flags = filter.quality ? await roundFlags(read, page.map((p) => p.player.id)) : null;
      for (const { player: p, rounds } of page) {
        if (!keeps(filter, p)) continue;
        for (const r of rounds) {
          const quality = flags ? [[...(flags.get(`${p.id}\u0000${r.app}\u0000${r.round ?? ""}`) ?? [])].join(" ")] : [];
          lines.push([session.name, p.name, p.index, p.label, r.app, r.round, r.group, r.memberIndex, roleIn(r), p.dropout, p.finished, session.testing, ...columns.map((k) => wideCell(r.values.get(k))), ...quality]);
        }
      }
      if (lines.length > 0) yield csvLines(lines);
    }
  }
}

/** The flags the players' visits raised, per player, app and round ("id\0app\0round"). */
async function roundFlags(read: Db, playerIds: number[]): Promise<Map<string, Set<string>>> {
  const visits = await read.pageVisit.findMany({ where: { playerId: { in: playerIds }, flags: { not: null } }, select: { playerId: true, app: true, round: true, flags: true } });
  const out = new Map<string, Set<string>>();
  for (const v of visits) {
    const key = `${v.playerId}\u0000${v.app ?? ""}\u0000${v.round ?? ""}`;
    const set = out.get(key) ?? out.set(key, new Set()).get(key)!;
    for (const f of flagsCell(v.flags).split(" ")) if (f) set.add(f);
  }
  return out;
}

const GROUP_ROUND_COLUMNS = ["session", "app", "round", "group", "size", "members", "testing"];

interface GroupRoundRow {
  app: string;
  round: number | null;
  group: string;
  /** player names by member index */
  members: string[];
  values: Map<string, string | null>;
}

/**
 * One line per group per app and round: its members in that round (player names in member
 * order, from the players' logged group and member index, so a rematch shows) and the value
 * each group field had when the round ended.
 */
async function* groupsCsv(read: Db, scope: ExportScope): AsyncGenerator<string> {
  const columns = await roundColumns(read, scope, "group");
  yield csvLines([[...GROUP_ROUND_COLUMNS, ...columns]]);
  for (const session of await sessionsIn(read, scope)) {
    const rows = new Map<string, GroupRoundRow>();
    const rowOf = (app: string, round: number | null, group: string) => {
      const id = `${app}\u0000${round ?? ""}\u0000${group}`;
      let row = rows.get(id);
      if (!row) rows.set(id, (row = { app, round, group, members: [], values: new Map() }));
      return row;
    };
    for await (const page of playerRoundPages(read, session.id, session.apps)) {
      for (const { player, rounds } of page) {
        for (const r of rounds) {
          if (r.group === null) continue;
          const row = rowOf(r.app, r.round, r.group);
          row.members[r.memberIndex ?? row.members.length] = player.name;
        }
      }
    }
    const names = new Map((await read.group.findMany({ where: { sessionId: session.id }, select: { id: true, name: true } })).map((g) => [g.id, g.name]));
    for (let after = 0; ; ) {
      const writes = await read.fieldWrite.findMany({
        where: { sessionId: session.id, ownerKind: "group", app: { not: null }, seq: { gt: after } },
        orderBy: { seq: "asc" },
        take: LOG_PAGE,
        select: { seq: true, ownerId: true, key: true, value: true, app: true, round: true },
      });
      if (writes.length === 0) break;
      for (const w of writes) {
        if (!RESERVED_FIELD_NAMES.has(w.key)) rowOf(w.app!, w.round, names.get(w.ownerId) ?? `#${w.ownerId}`).values.set(w.key, w.value);
      }
      after = writes[writes.length - 1]!.seq;
    }
    // In play order: the session's apps in order, then rounds, then groups by number.
    const order = playOrder(session.apps);
    const groupNumber = (g: string) => Number(g.replace(/^g/, "")) || 0;
    const sorted = [...rows.values()].sort((x, y) => order(x, y) || groupNumber(x.group) - groupNumber(y.group));
    const members = (r: GroupRoundRow) => r.members.filter((m) => m !== undefined);
    if (sorted.length > 0) {
      yield csvLines(sorted.map((r) => [session.name, r.app, r.round, r.group, members(r).length, members(r).join(" "), session.testing, ...columns.map((k) => wideCell(r.values.get(k)))]));
    }
  }
}

// --- Sessions: one row per session -------------------------------------------------------------

const SESSION_ROW_COLUMNS = ["session", "created", "testing", "apps", "players", "started", "finished", "dropouts"];

/** One line per session: when it was created, its players' counts, and its fields (current values) as `session.<key>`. */
async function* sessionsCsv(read: Db, scope: ExportScope): AsyncGenerator<string> {
  const columns = (await wideColumns(read, scope)).session.filter((k) => k !== "testing" && k !== "apps");
  yield csvLines([[...SESSION_ROW_COLUMNS, ...columns.map((k) => `session.${k}`)]]);
  for (const session of await sessionsIn(read, scope)) {
    let players = 0;
    let started = 0;
    let finished = 0;
    let dropouts = 0;
    for (let after = -1; ; ) {
      const page = await read.player.findMany({
        where: { sessionId: session.id, index: { gt: after } },
        orderBy: { index: "asc" },
        take: PLAYER_PAGE,
        select: { index: true, started: true, dropout: true, position: true, pageOrder: true },
      });
      if (page.length === 0) break;
      for (const p of page) {
        players += 1;
        if (p.started) started += 1;
        if (p.dropout) dropouts += 1;
        if (finishedAt(p.position, p.pageOrder)) finished += 1;
      }
      after = page[page.length - 1]!.index;
    }
    const values = (await valuesOf(read, "session", [session.id])).get(session.id);
    yield csvLines([[session.name, session.createdAt.toISOString(), session.testing, session.apps.join(" "), players, started, finished, dropouts, ...columns.map((k) => wideCell(values?.get(k)))]]);
  }
}

// --- Data dictionary -------------------------------------------------------------------------

async function* dictionaryCsvChunks(read: Db, scope: ExportScope): AsyncGenerator<string> {
  yield dictionaryCsv(await dataDictionary(read, await sessionsIn(read, scope)));
}

async function* dictionaryMdChunks(read: Db, scope: ExportScope): AsyncGenerator<string> {
  const sessions = await sessionsIn(read, scope);
  const title = "sessionId" in scope ? `session ${sessions[0]?.name ?? "?"}` : `${sessions.length} sessions`;
  yield dictionaryMarkdown(title, await dataDictionary(read, sessions));
}

// --- HTTP --------------------------------------------------------------------------------------

const FORMAT = {
  "wide.csv": { chunks: wideCsv, contentType: "text/csv; charset=utf-8" },
  "long.csv": { chunks: longCsv, contentType: "text/csv; charset=utf-8" },
  "log.jsonl": { chunks: logJsonl, contentType: "application/x-ndjson; charset=utf-8" },
  "page-times.csv": { chunks: pageTimesCsv, contentType: "text/csv; charset=utf-8" },
  "rounds.csv": { chunks: roundsCsv, contentType: "text/csv; charset=utf-8" },
  "groups.csv": { chunks: groupsCsv, contentType: "text/csv; charset=utf-8" },
  "sessions.csv": { chunks: sessionsCsv, contentType: "text/csv; charset=utf-8" },
  "dictionary.csv": { chunks: dictionaryCsvChunks, contentType: "text/csv; charset=utf-8" },
  "dictionary.md": { chunks: dictionaryMdChunks, contentType: "text/markdown; charset=utf-8" },
  "chat.csv": { chunks: chatCsv, contentType: "text/csv; charset=utf-8" },
  "entry.csv": { chunks: entryCsv, contentType: "text/csv; charset=utf-8" },
} satisfies Record<ExportFormat, { chunks: (read: Db, scope: ExportScope, filter: PlayerFilter) => AsyncGenerator<string>; contentType: string }>;

/** The text chunks of one format for a checked scope (the briefcase streams each into its ZIP). */
export function exportChunks(read: Db, format: ExportFormat, scope: ExportScope, filter: PlayerFilter = { dropouts: "all", unfinished: "all" }): AsyncGenerator<string> {
  return FORMAT[format].chunks(read, scope, filter);
}

/**
 * A byte stream of a generator's chunks, read only as fast as the client takes them. A failure
 * halfway errors the stream (the client sees a broken download, not a file that looks whole)
 * and is logged; a client that goes away stops the queries.
 */
export function chunkStream(chunks: AsyncGenerator<string>, where: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const next = await chunks.next();
          if (next.done) return controller.close();
          if (next.value) return controller.enqueue(encoder.encode(next.value));
        }
      } catch (e) {
        log.error({ where, err: e }, "export failed while streaming");
        controller.error(e);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** Yields `first` and then the rest of `chunks`. */
async function* resume(first: string, chunks: AsyncGenerator<string>): AsyncGenerator<string> {
  yield first;
  yield* chunks;
}

/**
 * The download response of an export, named `<prefix>[filter]-<format>` (e.g.
 * s1-without-dropouts-rounds.csv). `query` may hold the player filter (`dropouts`,
 * `unfinished`), for the formats it applies to. Everything that can fail before the first byte
 * (an unknown format, session or filter, a busy database) is answered with a plain 4xx/5xx text instead.
 */
export async function exportResponse(read: Db, format: string, target: ExportTarget, prefix: string, query: { get(name: string): string | null } = new URLSearchParams()): Promise<Response> {
  const where = `export ${format}`;
  try {
    if (!isExportFormat(format)) throw new NotFoundError(`There is no export "${format}"; there are ${EXPORT_FORMATS.join(", ")}`);
    const filter = playerFilterOf(query);
    const suffix = playerFilterSuffix(filter);
    if (suffix && !PLAYER_FILTERED_FORMATS.includes(format)) throw new InvalidInputError(`The dropouts and unfinished filters apply to ${PLAYER_FILTERED_FORMATS.join(" and ")}, not to ${format}`);
    if (filter.quality && !QUALITY_FORMATS.includes(format)) throw new InvalidInputError(`The data-quality columns (quality=1) come with ${QUALITY_FORMATS.join(", ")}, not with ${format}`);
    const filename = `${prefix}${suffix}${filter.quality ? "-with-quality" : ""}-${format}`;
    const scope = await resolveScope(read, target);
    const chunks = FORMAT[format].chunks(read, scope, filter);
    // The first chunk is read here, so a failing first query still gets a status code.
    const first = await chunks.next();
    const body = chunkStream(first.done ? chunks : resume(first.value, chunks), where);
    return new Response(body, {
      headers: {
        "content-type": FORMAT[format].contentType,
        "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    return errorResponse(e, where);
  }
}
