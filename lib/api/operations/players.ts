import { z } from "zod";
import { NotFoundError } from "../../errors.ts";
import { monitorFieldChoices, monitorRows, type MonitorRow } from "../../data/monitor.ts";
import { MAX_MONITOR_FIELDS, setMonitorFields } from "../../engine/admin/monitor-fields.ts";
import { playerFieldValues } from "../../data/player-fields.ts";
import { sessionDetail } from "../../data/sessions.ts";
import { adjustDeadlines, advancePlayers, groupPlayers, markDropouts, movePlayersToEnd, revertPlayers, runNewPlayer, setPlayerFields, signalChosenPlayers, type ActionResult } from "../../engine/admin/player-actions.ts";
import { eraseEntryParams } from "../../engine/recruitment/erase.ts";
import { redirectToExit } from "../../engine/recruitment/redirect.ts";
import type { Db } from "../../store/db.ts";
import { db, readDb } from "../../store/db.ts";
import { operation } from "../operation.ts";
import { ZActionResult, ZJsonObject, ZSessionParams } from "../schemas.ts";

// The player monitor and its actions (lib/engine/admin/player-actions.ts), for chosen players.

/** Columns of the monitor a list can choose; any other name is read as the player's field of that name. */
const COLUMNS = ["index", "label", "page", "position", "pages", "round", "group", "memberIndex", "started", "dropout", "standIn", "online", "lastSeen", "entry"] as const satisfies readonly (keyof MonitorRow)[];

const ZMonitorColumns = z.object({
  fields: z.array(z.string()).describe("the player fields the monitor shows as extra columns, in order"),
  choices: z.array(z.string()).describe("the player fields that can be chosen: those the config's pages ask for and those written so far"),
});

/** The monitor's field columns and what can be chosen. */
async function monitorColumns(sname: string) {
  const s = await sessionDetail(readDb(), sname);
  if (!s) throw new NotFoundError(`There is no session "${sname}"`);
  return { fields: s.monitorFields, choices: await monitorFieldChoices(readDb(), s.id, s.apps) };
}
const DEFAULT_FIELDS = ["index", "label", "page", "started", "dropout", "online"];

const ZPlayers = z.array(z.string().min(1).max(64), { error: "players is a list of player names" }).min(1, "Choose at least one player").max(10_000).describe("the chosen players' names");
const chosen = <T extends z.ZodRawShape>(extra: T) => z.object({ players: ZPlayers, ...extra }).strict();

async function sessionIdOf(sname: string): Promise<number> {
  const s = await sessionDetail(readDb(), sname);
  if (!s) throw new NotFoundError(`There is no session "${sname}"`);
  return s.id;
}

type Run = (d: Db, actor: string, sname: string, players: string[], body: Record<string, unknown>) => Promise<ActionResult>;

const action = (method: "POST" | "PATCH", path: string, summary: string, description: string, body: z.ZodObject, run: Run, bodyField?: string) =>
  operation({
    method,
    path: `/sessions/{sname}/players/${path}/`,
    tag: "players",
    summary,
    description,
    full: true,
    params: ZSessionParams,
    body,
    bodyField,
    response: ZActionResult,
    run: async ({ params, body: b, caller }) => {
      const input = b as { players: string[] } & Record<string, unknown>;
      return run(db(), caller.actor, params.sname, input.players, input);
    },
  });

export const playerOperations = [
  operation({
    method: "GET",
    path: "/sessions/{sname}/players/",
    tag: "players",
    summary: "The session's players with chosen fields",
    description: `fields (repeated, or comma-separated) chooses what each player carries besides name: monitor columns (${COLUMNS.join(", ")}) or any field the experiment wrote (its current value, null when unset). Default: ${DEFAULT_FIELDS.join(", ")}.`,
    full: false,
    params: ZSessionParams,
    query: z
      .object({
        fields: z
          .union([z.string(), z.array(z.string())])
          .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((f) => f.split(",")).map((f) => f.trim()).filter(Boolean))
          .pipe(z.array(z.string().max(100, "A field name has at most 100 characters")).max(200, "At most 200 fields"))
          .optional()
          .describe("the fields to include"),
      })
      .strict(),
    response: z.object({ players: z.array(z.object({ name: z.string() }).catchall(z.unknown())) }),
    run: async ({ params, query }) => {
      const sessionId = await sessionIdOf(params.sname);
      const fields = query.fields?.length ? query.fields : DEFAULT_FIELDS;
      const own = fields.filter((f) => !(COLUMNS as readonly string[]).includes(f));
      const [rows, values] = await Promise.all([monitorRows(readDb(), { sessionId }), playerFieldValues(readDb(), { sessionId }, own)]);
      return {
        players: rows.map((r) => ({
          name: r.name,
          ...Object.fromEntries(fields.map((f) => [f, (COLUMNS as readonly string[]).includes(f) ? r[f as keyof MonitorRow] : (values.get(r.id)?.[f] ?? null)])),
        })),
      };
    },
  }),
  operation({
    method: "GET",
    path: "/sessions/{sname}/players/online/",
    tag: "players",
    summary: "Who has a page of the study open now",
    full: false,
    params: ZSessionParams,
    response: z.object({ players: z.array(z.object({ name: z.string(), online: z.boolean(), lastSeen: z.string().nullable(), page: z.string().nullable() })) }),
    run: async ({ params }) => {
      const rows = await monitorRows(readDb(), { sessionId: await sessionIdOf(params.sname) });
      return { players: rows.map((r) => ({ name: r.name, online: r.online, lastSeen: r.lastSeen, page: r.page })) };
    },
  }),
  action("POST", "advance", "Advance players one page", "Each started player not at the end goes to the next page (the hooks of the page left do not run). The session must be running (409 while paused).", chosen({}), (d, a, s, p) => advancePlayers(d, a, s, p)),
  action("POST", "revert", "Move players back one page", "Answers stay; wait pages are skipped. The session must be running.", chosen({}), (d, a, s, p) => revertPlayers(d, a, s, p)),
  action("POST", "end", "Move players to the end", "The study ends for each player, started or not; sync pages stop waiting for them. The session must be running.", chosen({}), (d, a, s, p) => movePlayersToEnd(d, a, s, p)),
  action("POST", "reload", "Reload the players' open pages", "Every open tab of each player reloads.", chosen({}), (d, a, s, p) => signalChosenPlayers(d, a, s, p, { kind: "reload" })),
  action(
    "POST",
    "message",
    "Show a message on the players' screens",
    "Open tabs only; nothing is stored.",
    chosen({ message: z.string().min(1, "Write a message").max(2000) }),
    (d, a, s, p, b) => signalChosenPlayers(d, a, s, p, { kind: "message", text: b.message as string }),
    "message",
  ),
  action(
    "POST",
    "redirect",
    "Send the players' open tabs to an address",
    "An http:// or https:// address.",
    chosen({ url: z.string().min(1).max(2000) }),
    (d, a, s, p, b) => signalChosenPlayers(d, a, s, p, { kind: "redirect", url: b.url as string }),
    "url",
  ),
  action("POST", "dropout", "Mark players as dropouts", "Their dropout handlers run and sync pages stop waiting for them. The session must be running.", chosen({}), (d, a, s, p) => markDropouts(d, a, s, p)),
  action(
    "PATCH",
    "fields",
    "Set fields on the players",
    "Writes each key of fields on each player; the field log records the token as the writer. Sprout's own names (position, group, ...) are refused.",
    chosen({ fields: ZJsonObject }),
    (d, a, s, p, b) => setPlayerFields(d, a, s, p, b.fields),
    "fields",
  ),
  action(
    "POST",
    "group",
    "Group players, or take them out of their groups",
    "mode same: all in one group; bySize: groups of size (in the order given, or shuffled; the number of players must be a multiple); reset: out of their groups.",
    chosen({
      mode: z.enum(["same", "bySize", "reset"]),
      size: z.number().int().min(1).max(10_000).optional().describe("for bySize"),
      shuffle: z.boolean().optional().describe("for bySize: shuffle before grouping"),
    }).refine((b) => b.mode !== "bySize" || b.size !== undefined, { message: "bySize needs a size", path: ["size"] }),
    (d, a, s, p, b) => groupPlayers(d, a, s, p, b.mode === "bySize" ? { kind: "bySize", size: b.size as number, shuffle: b.shuffle === true } : { kind: b.mode as "same" | "reset" }),
  ),
  action(
    "POST",
    "redirect-exit",
    "Send the players' open tabs to the completion or screen-out address",
    "to: completion or screenOut, the config's address with each player's placeholders filled (their entry parameters and fields), as the end page would send them. 422 when the config has no such address.",
    chosen({ to: z.enum(["completion", "screenOut"]).describe("which of the config's addresses") }),
    (d, a, s, p, b) => redirectToExit(d, a, s, p, b.to as "completion" | "screenOut"),
  ),
  action(
    "POST",
    "erase-entry",
    "Erase the players' entry parameters",
    "Removes the recruitment IDs (the entry link's parameters the config keeps, and a label taken from one of them), e.g. when a participant asks for their personal data to be deleted. Audited, naming the parameters, never their values; cannot be undone.",
    chosen({}),
    (d, a, s, p) => eraseEntryParams(d, a, s, p),
  ),
  action("POST", "initialize", "Run every app's newPlayer hook for the players", "For started players; those not started get it when they start.", chosen({}), (d, a, s, p) => runNewPlayer(d, a, s, p)),
  action(
    "POST",
    "timeout",
    "Move the deadline of the players' current page",
    "seconds > 0 gives more time, < 0 less (a deadline moved into the past fires at the next sweep); a page without a time limit gets one, seconds from now. Countdowns on the players' screens follow at once. Players not started, at the end or on a wait page are left alone.",
    chosen({ seconds: z.number({ error: "seconds is a number" }).int("seconds is a whole number").min(-86_400).max(86_400).refine((v) => v !== 0, "seconds is not 0") }),
    (d, a, s, p, b) => adjustDeadlines(d, a, s, p, b.seconds as number),
    "seconds",
  ),
  operation({
    method: "GET",
    path: "/sessions/{sname}/monitor/",
    tag: "players",
    summary: "The monitor's field columns",
    full: false,
    params: ZSessionParams,
    response: ZMonitorColumns,
    run: async ({ params }) => monitorColumns(params.sname),
  }),
  operation({
    method: "PUT",
    path: "/sessions/{sname}/monitor/",
    tag: "players",
    summary: "Choose the monitor's field columns",
    description: "Every admin's monitor of the session shows these player fields as extra columns, live. Any field name may be chosen (a hook may write it later); an empty list removes them.",
    full: true,
    params: ZSessionParams,
    body: z.object({ fields: z.array(z.string().min(1).max(100)).max(MAX_MONITOR_FIELDS) }).strict(),
    response: ZMonitorColumns,
    run: async ({ params, body, caller }) => {
      await setMonitorFields(db(), caller.actor, params.sname, body.fields);
      return monitorColumns(params.sname);
    },
  }),
];
