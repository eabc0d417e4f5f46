import { z } from "zod";
import { NotFoundError } from "../../errors.ts";
import { pullFieldLog } from "../../data/field-log-pull.ts";
import { EXPORT_FORMATS, exportResponse } from "../../data/exports.ts";
import { sessionDetail } from "../../data/sessions.ts";
import { readDb } from "../../store/db.ts";
import { operation } from "../operation.ts";
import { ZSessionParams } from "../schemas.ts";

// A session's data: the field log in incremental pulls, and the admin's downloads.

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
        limit: z.coerce.number({ error: "limit is a whole number" }).int("limit is a whole number").min(1).max(10_000).default(1_000).describe("most new rows in one answer"),
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
    description: "wide.csv: one row per player; long.csv and log.jsonl: every write with its provenance; page-times.csv: one row per page visit. Columns: docs/data.md.",
    full: false,
    params: ZSessionParams.extend({ format: z.enum(EXPORT_FORMATS).describe("the file") }),
    response: { contentType: "text/csv or application/x-ndjson", description: "the file, streamed" },
    run: async ({ params }) => {
      if (!(await sessionDetail(readDb(), params.sname))) throw new NotFoundError(`There is no session "${params.sname}"`);
      return exportResponse(readDb(), params.format, { session: params.sname }, `${params.sname}-${params.format}`);
    },
  }),
];
