import { sessionIdOf } from "./sessions.ts";
import { RESERVED_FIELD_NAMES } from "../experiment/define-app.ts";
import type { Db } from "../store/db.ts";
import { fieldValueColumn } from "../store/columns.ts";
import { Prisma } from "../store/generated/client.ts";

/** Who wrote a value, where, and from which line of experiment code, in one line. */
export function describeProvenance(w: { byKind: string; byName: string | null; page: string | null; hook: string | null; codeLine: string | null }): string {
  const who = w.byKind === "admin" ? (w.byName ? `admin (${w.byName})` : "admin") : w.byKind === "hook" ? `hook ${w.hook ?? w.byName ?? ""}`.trim() : w.byName && (w.byKind === "system" || w.byKind === "bot") ? `${w.byKind} (${w.byName})` : w.byKind;
  const where = [w.page, w.byKind !== "hook" ? w.hook : null].filter(Boolean).join(" ");
  return [who, where && `on ${where}`, w.codeLine && `at ${w.codeLine}`].filter(Boolean).join(" ");
}

type ValueRow = { ownerKind: string; ownerId: number; key: string; value: string | null; seq: number; at: Date | string; app: string | null; round: number | null; byKind: string; byName: string | null; page: string | null; hook: string | null; codeLine: string | null };

function currentValues(read: Db, sessionId: number) {
  return read.$queryRaw<ValueRow[]>`
    SELECT v."ownerKind", v."ownerId", v."key", v."value", v."seq", w."at", w."app", w."round", w."byKind", w."byName", w."page", w."hook", w."codeLine"
    FROM "FieldValue" v JOIN "FieldWrite" w ON w."seq" = v."seq" WHERE v."sessionId" = ${sessionId}`;
}

/** Each field's last write within an app and/or round (one query: the log's latest seq per field). */
function latestWritesWithin(read: Db, sessionId: number, filter: { app?: string; round?: number }) {
  const app = filter.app === undefined ? Prisma.empty : Prisma.sql` AND "app" = ${filter.app}`;
  const round = filter.round === undefined ? Prisma.empty : Prisma.sql` AND "round" = ${filter.round}`;
  return read.$queryRaw<ValueRow[]>`
    SELECT w."ownerKind", w."ownerId", w."key", w."value", w."seq", w."at", w."app", w."round", w."byKind", w."byName", w."page", w."hook", w."codeLine"
    FROM "FieldWrite" w
    WHERE w."seq" IN (SELECT MAX("seq") FROM "FieldWrite" WHERE "sessionId" = ${sessionId}${app}${round} GROUP BY "ownerKind", "ownerId", "key")`;
}

/** A stored value as a person reads it: strings without quotes, other values as JSON, a deleted field as such. */
function shown(json: string | null): string {
  const value = fieldValueColumn.read(json);
  return value === undefined ? "(deleted)" : typeof value === "string" ? value : json!;
}

/** One cell: the value as shown, when (epoch ms), the write's seq, an index into `provenance`. */
export type Cell = [shown: string, at: number, seq: number, provenance: number];

export interface DataRow {
  kind: "session" | "group" | "player";
  id: number;
  /** "session", "g1", or the player's index and name */
  label: string;
  cells: (Cell | null)[];
}

export interface DataTable {
  /** the experiment's fields, then (from `firstBuiltIn` on) the ones Sprout keeps, each part by name */
  columns: string[];
  /** index of the first column Sprout keeps itself (position, group, ...); columns.length when none */
  firstBuiltIn: number;
  rows: DataRow[];
  /** distinct provenance lines; cells point into it (a study has few, so the page stays small) */
  provenance: string[];
  apps: string[];
  rounds: number[];
}

/**
 * Every current value of a session (its own fields, its groups', its players'), each with
 * when and by whom it was set. Filtered by the app and round the write happened in.
 * Three queries however large the session.
 */
export async function sessionData(read: Db, sname: string, filter: { app?: string; round?: number } = {}): Promise<DataTable | null> {
  const sessionId = await sessionIdOf(read, sname);
  if (sessionId === null) return null;
  const filtered = filter.app !== undefined || filter.round !== undefined;
  const [values, players, groups, contexts] = await Promise.all([
    // Unfiltered: the current values. Filtered: each field's last write within that app and
    // round (a field rewritten in every round would otherwise only show its last round).
    filtered ? latestWritesWithin(read, sessionId, filter) : currentValues(read, sessionId),
    read.player.findMany({ where: { sessionId }, orderBy: { index: "asc" }, select: { id: true, index: true, name: true } }),
    read.group.findMany({ where: { sessionId }, orderBy: { index: "asc" }, select: { id: true, name: true } }),
    read.fieldWrite.groupBy({ by: ["app", "round"], where: { sessionId } }),
  ]);
  const keys = [...new Set(values.map((v) => v.key))].sort();
  const own = keys.filter((k) => !RESERVED_FIELD_NAMES.has(k));
  const columns = [...own, ...keys.filter((k) => RESERVED_FIELD_NAMES.has(k))];
  const column = new Map(columns.map((c, i) => [c, i]));
  const provenance: string[] = [];
  const provenanceIndex = new Map<string, number>();
  const rows: DataRow[] = [
    { kind: "session", id: sessionId, label: "session", cells: [] },
    ...groups.map((g) => ({ kind: "group" as const, id: g.id, label: g.name, cells: [] })),
    ...players.map((p) => ({ kind: "player" as const, id: p.id, label: `${p.index} · ${p.name}`, cells: [] })),
  ];
  const rowOf = new Map(rows.map((r) => [`${r.kind}:${r.id}`, r]));
  for (const v of values) {
    const row = rowOf.get(`${v.ownerKind}:${v.ownerId}`);
    if (!row) continue;
    const line = describeProvenance(v);
    let p = provenanceIndex.get(line);
    if (p === undefined) {
      p = provenance.push(line) - 1;
      provenanceIndex.set(line, p);
    }
    row.cells[column.get(v.key)!] = [shown(v.value), new Date(v.at).getTime(), v.seq, p];
  }
  for (const row of rows) row.cells = Array.from({ length: columns.length }, (_, i) => row.cells[i] ?? null);
  return {
    columns,
    firstBuiltIn: own.length,
    rows: rows.filter((r) => r.kind === "player" || r.cells.some(Boolean)),
    provenance,
    apps: [...new Set(contexts.map((c) => c.app).filter((a): a is string => a !== null))].sort(),
    rounds: [...new Set(contexts.map((c) => c.round).filter((r): r is number => r !== null))].sort((a, b) => a - b),
  };
}

/** Every write of one field of one owner in the session, oldest first: a cell's history (null: no such session). */
export async function fieldHistory(read: Db, sname: string, owner: { kind: string; id: number }, key: string) {
  const sessionId = await sessionIdOf(read, sname);
  if (sessionId === null) return null;
  const writes = await read.fieldWrite.findMany({ where: { sessionId, ownerKind: owner.kind, ownerId: owner.id, key }, orderBy: { seq: "asc" } });
  return writes.map((w) => ({ seq: w.seq, at: w.at.toISOString(), value: shown(w.value), app: w.app, position: w.position, round: w.round, by: describeProvenance(w) }));
}
