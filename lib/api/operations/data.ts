import { z } from "zod";
import { NotFoundError } from "../../errors.ts";
import { pullFieldLog } from "../../data/field-log-pull.ts";
import { EXPORT_FORMATS, exportResponse, pageVisits } from "../../data/exports.ts";
import { sessionDigests } from "../../data/digest.ts";
import { briefcaseResponse } from "../../data/briefcase.ts";
import { sessionDetail, TESTING_FILTERS } from "../../data/sessions.ts";
import { readDb, db } from "../../store/db.ts";
import { appExportFormatOf, exportOutputResponse, listAppExports, APP_EXPORT_FORMATS } from "../../data/app-exports.ts";
import { runAppExport, runPipeline } from "../../engine/admin/app-exports.ts";
import type { JsonValue } from "../../experiment/index.ts";
import { parseJsonText } from "../../store/json.ts";
import { operation } from "../operation.ts";
import { zIso, zIsoOrNull, ZSessionParams } from "../schemas.ts";
import { staticMarkup } from "../static-markup.ts";

// A session's data: the field log in incremental pulls, page times, digests, and the admin's downloads.

/** A whole number in a query string, with a message naming the parameter for each way it can be wrong. */
const zWholeNumber = (name: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: `${name} is a whole number` })
    .int(`${name} is a whole number`)
    .min(min, `${name} is at least ${min}`)
    .max(max, `${name} is at most ${max}`);

const ZEntry = z.object({
  seq: z.number().int().describe("the write's place in the whole log"),
  at: z.string().describe("when it was written (ISO 8601)"),
  ownerKind: z.enum(["session", "player", "group"]),
  owner: z.string().describe("the player's or group's name, or the session's"),
  key: z.string(),
  value: z.unknown().describe("the value written (null also for a deletion)"),
  deleted: z.boolean().describe("the field was deleted"),
  app: z.string().nullable(),
  position: z.number().int().nullable(),
  round: z.number().int().nullable(),
  byKind: z.string().describe("participant, hook, admin, timeout or system"),
  byName: z.string().nullable().describe("the admin (or token:NAME for the API) when byKind is admin"),
  page: z.string().nullable(),
  hook: z.string().nullable(),
  codeLine: z.string().nullable().describe("file:line of the experiment code that wrote it"),
});

export const dataOperations = [
  operation({
    method: "GET",
    path: "/sessions/{sname}/data/",
    tag: "data",
    summary: "The field log since a cursor (incremental pulls)",
    description:
      "Every write of the session's fields after `since`, in seq order, with its context and provenance. Pass the answer's `cursor` as `since` next time: each row comes exactly once, including rows of transactions that commit after a row with a higher seq (PostgreSQL); the cursor is opaque. `more` says there are further rows now (pull again at once).",
    full: false,
    params: ZSessionParams,
    query: z
      .object({
        since: z.string().max(100_000).optional().describe("the cursor an earlier pull answered; omit (or 0) for the start"),
        limit: zWholeNumber("limit", 1, 10_000).default(1_000).describe("most new rows in one answer"),
      })
      .strict(),
    response: z.object({ entries: z.array(ZEntry), cursor: z.string(), more: z.boolean() }),
    run: async ({ params, query }) => pullFieldLog(readDb(), params.sname, query.since, query.limit),
  }),
  operation({
    method: "GET",
    path: "/sessions/{sname}/data/export/{format}",
    tag: "data",
    summary: "A download the session page offers",
    description:
      "wide.csv: one row per player; long.csv and log.jsonl: every write with its provenance; page-times.csv: one row per page visit; rounds.csv: one row per player per app and round, with the values as the round ended; groups.csv: one row per group per app and round; sessions.csv: one row for the session; dictionary.csv and dictionary.md: what each column means. `dropouts` and `unfinished` filter the players of wide.csv and rounds.csv (the file's name says so). Columns: docs/data.md.",
    full: false,
    params: ZSessionParams.extend({ format: z.enum(EXPORT_FORMATS).describe("the file") }),
    query: z
      .object({
        dropouts: z.enum(TESTING_FILTERS).optional().describe("wide.csv and rounds.csv: all (default), hide (leave dropouts out) or only"),
        unfinished: z.enum(TESTING_FILTERS).optional().describe("wide.csv and rounds.csv: all (default), hide (leave out players who did not reach the end) or only"),
        quality: z.enum(["0", "1"]).optional().describe("wide.csv, rounds.csv and page-times.csv: 1 adds the data-quality columns (docs/data-quality.md)"),
      })
      .strict(),
    response: { contentType: "text/csv, text/markdown or application/x-ndjson", description: "the file, streamed" },
    run: async ({ params, query }) => {
      if (!(await sessionDetail(readDb(), params.sname))) throw new NotFoundError(`There is no session "${params.sname}"`);
      const filter = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, v]])));
      return exportResponse(readDb(), params.format, { session: params.sname }, params.sname, filter);
    },
  }),
  operation({
    method: "GET",
    path: "/sessions/{sname}/data/briefcase/",
    tag: "data",
    summary: "The replication briefcase: every table, the dictionary, the code and checksums in one ZIP",
    description:
      "A ZIP streamed as it is built, its files in a folder `<sname>-briefcase/`: every download of the session, code-version.json, the experiment source at the recorded commit (from git; else the current files, flagged), a README describing every file, and SHA256SUMS (`sha256sum -c SHA256SUMS`). See docs/data.md.",
    full: false,
    params: ZSessionParams,
    response: { contentType: "application/zip", description: "the briefcase, streamed" },
    run: async ({ params }) => briefcaseResponse(readDb(), { session: params.sname }, params.sname),
  }),
  operation({
    method: "GET",
    path: "/sessions/{sname}/data/apps/",
    tag: "data",
    summary: "The apps' own exports and pipelines",
    description:
      "What the session's apps define with dataExport() and pipeline(): each with its description, whether it changes the session (a pipeline: POST it), and the JSON Schema of the input it takes (null: none).",
    full: false,
    params: ZSessionParams,
    response: z.object({
      exports: z.array(
        z.object({
          app: z.string(),
          name: z.string(),
          description: z.string(),
          changes: z.boolean().describe("a pipeline: it may change the session, so it runs by POST with a full-access token"),
          input: z.record(z.string(), z.unknown()).nullable().describe("the input's JSON Schema; null when it takes none"),
        }),
      ),
    }),
    run: async ({ params }) => ({ exports: await listAppExports(readDb(), params.sname) }),
  }),
  operation({
    method: "GET",
    path: "/sessions/{sname}/data/apps/{app}/{name}/",
    tag: "data",
    summary: "Run an app's read-only export",
    description:
      "The export's rows as CSV (one column per key, in the order keys first appear; lists and objects as JSON text) or JSON Lines, or its text as a .txt file. Input, where the export takes one, is JSON text in `input`, checked by the export's schema (400 naming what is wrong). A pipeline answers 409: POST it.",
    full: false,
    params: ZSessionParams.extend({ app: z.string().min(1).max(64), name: z.string().min(1).max(64) }),
    query: z
      .object({
        format: z.enum(APP_EXPORT_FORMATS).optional().describe("rows as csv (the default) or jsonl"),
        input: z.string().max(100_000).optional().describe("the input as JSON text"),
      })
      .strict(),
    response: { contentType: "text/csv, application/x-ndjson or text/plain", description: "the export's output" },
    run: async ({ params, query }) => {
      const input = query.input === undefined || query.input.trim() === "" ? undefined : parseJsonText(query.input);
      const output = await runAppExport(readDb(), params.sname, params.app, params.name, input);
      return exportOutputResponse(output, appExportFormatOf(query.format ?? null), params.sname, params.app, params.name);
    },
  }),
  operation({
    method: "POST",
    path: "/sessions/{sname}/data/apps/{app}/{name}/",
    tag: "data",
    summary: "Run an app's pipeline (or export) as an admin action",
    description:
      "Runs it with write access: what it sets is stored in one transaction as the token's write (hook exports.<name>), audited as `session.pipeline`, and the participants' pages refresh. A failing pipeline changes nothing (422 with its message). Answers its rows or text.",
    full: true,
    params: ZSessionParams.extend({ app: z.string().min(1).max(64), name: z.string().min(1).max(64) }),
    body: z.object({ input: z.unknown().optional().describe("the input, checked by the pipeline's schema") }).strict(),
    bodyField: "input",
    response: z.object({
      changed: z.number().int().describe("how many field writes it made"),
      rows: z.array(z.record(z.string(), z.unknown())).nullable().describe("the rows it returned; null when it returned text"),
      text: z.string().nullable().describe("the text it returned; null when it returned rows"),
    }),
    run: async ({ params, body, caller }) => {
      const out = await runPipeline(db(), caller.actor, params.sname, params.app, params.name, body.input as JsonValue | undefined);
      return { changed: out.changed, rows: out.kind === "rows" ? out.rows : null, text: out.kind === "text" ? out.text : null };
    },
  }),
  operation({
    method: "GET",
    path: "/sessions/{sname}/data/page-times/",
    tag: "data",
    summary: "Page visits: when each player entered and left each page",
    description:
      "The rows of page-times.csv as JSON, in the order the visits began. Page through with `after`: pass the answer's `next` until it is null. A visit still under way has `left` and `seconds` null; pulling again later returns it once more only if you start from an earlier `after`.",
    full: false,
    params: ZSessionParams,
    query: z
      .object({
        player: z.string().min(1).max(128).optional().describe("only this player's visits"),
        after: zWholeNumber("after", 0).default(0).describe("the `next` of the previous answer; omit for the start"),
        limit: zWholeNumber("limit", 1, 10_000).default(1_000).describe("most visits in one answer"),
      })
      .strict(),
    response: z.object({
      visits: z.array(
        z.object({
          id: z.number().int().describe("the visit's number (visits are numbered in the order they began)"),
          player: z.string(),
          position: z.number().int().describe("the page's index in the player's page order"),
          page: z.string(),
          app: z.string().nullable(),
          round: z.number().int().nullable(),
          entered: zIso(),
          left: zIsoOrNull().describe("null while the player is still on the page"),
          seconds: z.number().nullable().describe("time on the page, to the millisecond"),
          leftHow: z.string().nullable().describe("submit, back, timeout, admin, released, …"),
        }),
      ),
      next: z.number().int().nullable().describe("pass as `after` for the following visits; null when this answer reached the end"),
    }),
    run: async ({ params, query }) => {
      const session = await readDb().session.findUnique({ where: { name: params.sname }, select: { id: true } });
      if (!session) throw new NotFoundError(`There is no session "${params.sname}"`);
      if (query.player !== undefined && !(await readDb().player.findFirst({ where: { sessionId: session.id, name: query.player }, select: { id: true } }))) {
        throw new NotFoundError(`Session "${params.sname}" has no player "${query.player}"`);
      }
      const visits = await pageVisits(readDb(), { sessionId: session.id }, query.after, query.limit, query.player);
      return {
        visits: visits.map(({ session: _session, ...visit }) => visit),
        next: visits.length === query.limit ? visits.at(-1)!.id : null,
      };
    },
  }),
  operation({
    method: "GET",
    path: "/sessions/{sname}/digest/",
    tag: "data",
    summary: "Each app's digest of the session, as HTML",
    description:
      "What the session page's Digest shows: for each app of the session that defines `digest`, its summary rendered to HTML (server components only), or the error it raised. Apps without a digest are not listed.",
    full: false,
    params: ZSessionParams,
    response: z.object({
      digests: z.array(
        z.object({
          app: z.string(),
          html: z.string().nullable().describe("the digest as HTML; null when it failed"),
          error: z.string().nullable().describe("why the digest failed; null when it worked"),
        }),
      ),
    }),
    run: async ({ params }) => {
      const results = await sessionDigests(readDb(), params.sname);
      if (!results) throw new NotFoundError(`There is no session "${params.sname}"`);
      const digests = await Promise.all(
        results.map(async (r) => {
          if (!r.ok) return { app: r.app, html: null, error: r.error };
          try {
            return { app: r.app, html: await staticMarkup(r.out), error: null };
          } catch (e) {
            return { app: r.app, html: null, error: e instanceof Error ? e.message : String(e) };
          }
        }),
      );
      return { digests };
    },
  }),
];
