import { z } from "zod";
import { InvalidInputError, NotFoundError } from "../errors.ts";
import type { AppExport, ExportRow, JsonValue } from "../experiment/index.ts";
import { getApp } from "../project.ts";
import { sessionAppsColumn } from "../store/columns.ts";
import type { Db } from "../store/db.ts";
import { csvLines, type Cell } from "./csv.ts";

// The apps' own exports and pipelines as the data page and the API list them, and what they
// give as a download. Running them is the engine's (lib/engine/admin/app-exports.ts).

/** What the data page and the API show of an app's export. */
export interface AppExportInfo {
  app: string;
  name: string;
  description: string;
  /** a pipeline: it may change the session (POST, audited) */
  changes: boolean;
  /** the input's JSON Schema, or null when it takes none */
  input: Record<string, unknown> | null;
}

/** What an export gave: rows (CSV or JSON Lines) or text. */
export type ExportOutput = { kind: "rows"; rows: readonly ExportRow[] } | { kind: "text"; text: string };

function inputSchemaOf(exported: AppExport<unknown>): Record<string, unknown> | null {
  if (!exported.input) return null;
  try {
    return z.toJSONSchema(exported.input, { unrepresentable: "any" }) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The exports and pipelines of a session's apps, in the apps' order. */
export async function listAppExports(read: Db, sname: string): Promise<AppExportInfo[]> {
  const session = await read.session.findUnique({ where: { name: sname }, select: { apps: true } });
  if (!session) throw new NotFoundError(`There is no session "${sname}"`);
  return sessionAppsColumn.read(session.apps).flatMap((app) =>
    Object.entries(getApp(app)?.exports ?? {}).map(([name, exported]) => ({ app, name, description: exported.description, changes: exported.changes, input: inputSchemaOf(exported) })),
  );
}

const cellOf = (v: JsonValue | undefined): Cell => (v === undefined || v === null ? null : typeof v === "object" ? JSON.stringify(v) : v);

/** Rows as CSV: a column per key, in the order keys first appear. */
export function rowsCsv(rows: readonly ExportRow[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return csvLines([columns, ...rows.map((r) => columns.map((c) => cellOf(r[c])))]) || "\r\n";
}

/** Rows as JSON Lines: one object per line. */
export const rowsJsonl = (rows: readonly ExportRow[]): string => rows.map((r) => `${JSON.stringify(r)}\n`).join("");

export const APP_EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type AppExportFormat = (typeof APP_EXPORT_FORMATS)[number];

/** An export's output as a download named `<session>-<app>-<name>.<csv|jsonl|txt>` (text is always .txt). */
export function exportOutputResponse(output: ExportOutput, format: AppExportFormat, sname: string, app: string, name: string): Response {
  const [body, type, ext] =
    output.kind === "text" ? [output.text, "text/plain; charset=utf-8", "txt"] : format === "jsonl" ? [rowsJsonl(output.rows), "application/x-ndjson; charset=utf-8", "jsonl"] : [rowsCsv(output.rows), "text/csv; charset=utf-8", "csv"];
  return new Response(body, {
    headers: {
      "content-type": type,
      "content-disposition": `attachment; filename="${`${sname}-${app}-${name}.${ext}`.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}

/** The format of a request: csv (the default) or jsonl; anything else is a 400. */
export function appExportFormatOf(value: string | null): AppExportFormat {
  const format = value ?? "csv";
  if (!(APP_EXPORT_FORMATS as readonly string[]).includes(format)) throw new InvalidInputError(`format must be csv or jsonl, not "${format}"`);
  return format as AppExportFormat;
}
