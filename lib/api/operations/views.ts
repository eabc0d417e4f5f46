import { z } from "zod";
import { NotFoundError } from "../../errors.ts";
import { firstPlayerNames, MAX_VIEWED, parsePlayerList, playerViews } from "../../data/player-views.ts";
import { MAX_POINTS, sessionProgress } from "../../data/progress.ts";
import { readDb } from "../../store/db.ts";
import { operation } from "../operation.ts";
import { zIso, ZSessionParams } from "../schemas.ts";

// The admin's views of a session beside the monitor: the progress chart's numbers, and the
// multiview's read-only look at players' current pages. Both only read.

const ZStep = z.object({
  position: z.number().int().describe("the place in the page order (0 is the first page)"),
  page: z.string().describe('"app/Page" most players have at this position'),
  round: z.number().int().nullable(),
  players: z.number().int().describe("players on it now, dropouts not counted"),
  dropouts: z.number().int().describe("dropouts on it now"),
});

const ZField = z.object({
  name: z.string(),
  label: z.string(),
  stored: z.unknown().describe("the player's stored value of this field, null when none"),
  typed: z.union([z.string(), z.array(z.string())]).nullable().describe("what an invalid submission kept (shown on the page again), or null"),
  error: z.string().nullable().describe("that submission's message at this field, or null"),
});

export const viewOperations = [
  operation({
    method: "GET",
    path: "/sessions/{sname}/progress/",
    tag: "sessions",
    summary: "Where the session stands: players per page, arrivals and finishes over time",
    description: `The numbers of the session page's progress chart. steps: each position of the page order with the players on it now (dropouts apart); notStarted and finished complete the funnel. timeline: cumulative starts (a player's first page) and finishes (leaving the last page) at the end of up to ${MAX_POINTS} equal time buckets, from just before the first start.`,
    full: false,
    params: ZSessionParams,
    response: z.object({
      players: z.number().int(),
      notStarted: z.number().int(),
      finished: z.number().int(),
      dropouts: z.number().int().describe("every dropout, wherever they are"),
      steps: z.array(ZStep),
      timeline: z.array(z.object({ at: zIso(), started: z.number().int(), finished: z.number().int() })),
    }),
    run: async ({ params }) => {
      const progress = await sessionProgress(readDb(), params.sname);
      if (!progress) throw new NotFoundError(`There is no session "${params.sname}"`);
      return progress;
    },
  }),
  operation({
    method: "GET",
    path: "/sessions/{sname}/players/view/",
    tag: "players",
    summary: "Chosen players' current pages, read-only (the multiview's data)",
    description: `What each player's address shows now, as data: its state, page, position and round, and the page's fields with their stored values. Reading changes nothing: the player is not started, no hook runs, no page visit or last seen is recorded. At most ${MAX_VIEWED} players.`,
    full: false,
    params: ZSessionParams,
    query: z
      .object({
        players: z
          .union([z.string(), z.array(z.string())])
          .transform(parsePlayerList)
          .pipe(z.array(z.string().max(128)).min(1, "Name at least one player").max(MAX_VIEWED, `At most ${MAX_VIEWED} players`))
          .optional()
          .describe(`the players' names (repeated, or comma-separated); without it, the session's first ${MAX_VIEWED} players`),
      })
      .strict(),
    response: z.object({
      players: z.array(
        z.object({
          name: z.string(),
          state: z.enum(["start", "page", "end", "paused", "missing"]).describe("start: not started yet; while the session is paused, the page under the Paused page is described"),
          page: z.string().nullable(),
          position: z.number().int().nullable(),
          round: z.number().int().nullable(),
          fields: z.array(ZField),
          remainingMs: z.number().int().nullable().describe("the page's time left, or null without a time limit"),
        }),
      ),
    }),
    run: async ({ params, query }) => ({ players: await playerViews(readDb(), params.sname, query.players ?? (await firstPlayerNames(readDb(), params.sname))) }),
  }),
];
