import { z } from "zod";
import { NotFoundError } from "../../errors.ts";
import { monitorRows } from "../../data/monitor.ts";
import { listSessions, sessionDetail, TESTING_FILTERS, type SessionSummary } from "../../data/sessions.ts";
import { runNewSession, setSessionActive, setSessionDescription, setSessionSettings, setSessionTesting } from "../../engine/admin/session-controls.ts";
import { createSession, ZCreateSession } from "../../engine/admin/sessions.ts";
import { db, readDb } from "../../store/db.ts";
import { adminBy } from "../../store/field-log.ts";
import { operation } from "../operation.ts";
import { zIso, ZJsonObject, zQueryFlag, ZSessionParams } from "../schemas.ts";

// Sessions: the admin's Sessions page, New session form and session controls, over the same
// lib/data reads and lib/engine functions.

export const ZSessionSummary = z.object({
  name: z.string(),
  config: z.string(),
  apps: z.array(z.string()),
  description: z.string(),
  active: z.boolean().describe("false while paused"),
  testing: z.boolean().describe("marked as a test run"),
  initialized: z.boolean().describe("newSession has run"),
  room: z.string().nullable().describe("the room it is associated with"),
  createdAt: zIso(),
  players: z.number().int(),
  groups: z.number().int(),
});

export const ZSessionListed = ZSessionSummary.extend({ started: z.number().int(), dropouts: z.number().int() });

const ZCodeVersion = z
  .object({
    sprout: z.string().describe("Sprout's version"),
    git: z.object({ commit: z.string(), dirty: z.boolean().describe("the tree had uncommitted changes") }).nullable().describe("null without a git checkout"),
    experiments: z.string().describe("SHA-256 of the experiment sources"),
    folder: z.string().describe("the project's folder those sources are in"),
    builtAt: z.string().optional().describe("when the build was made (ISO 8601)"),
  })
  .nullable()
  .describe("the code the session was created with; null for sessions from before it was recorded");

export const ZSessionDetail = ZSessionSummary.extend({
  codeVersion: ZCodeVersion,
  settings: ZJsonObject.describe("what experiment code reads as settings"),
  links: z.object({
    session: z.string().describe("the sessionwide link: each visitor gets the next free slot"),
    players: z.array(z.object({ name: z.string(), label: z.string(), url: z.string() })).describe("each player's own link, in creation order"),
  }),
});

export const summary = (s: Omit<SessionSummary, "started" | "dropouts">) => ({
  name: s.name,
  config: s.config,
  apps: s.apps,
  description: s.description,
  active: s.active,
  testing: s.testing,
  initialized: s.initialized,
  room: s.room,
  createdAt: s.createdAt.toISOString(),
  players: s.players,
  groups: s.groups,
});

/** A session as GET /sessions/{sname}/ answers it; NotFoundError when there is none. */
export async function sessionAnswer(sname: string, origin: string): Promise<z.infer<typeof ZSessionDetail>> {
  const read = readDb();
  const s = await sessionDetail(read, sname);
  if (!s) throw new NotFoundError(`There is no session "${sname}"`);
  const players = await monitorRows(read, { sessionId: s.id });
  const at = (path: string) => `${origin}${path}`;
  return {
    ...summary(s),
    settings: s.settings,
    codeVersion: s.codeVersion,
    links: {
      session: at(`/s/${encodeURIComponent(s.name)}/${s.secret}/`),
      players: players.map((p) => ({ name: p.name, label: p.label, url: at(`/p/${encodeURIComponent(s.name)}/${encodeURIComponent(p.name)}/`) })),
    },
  };
}

const control = <K extends string>(key: K, schema: z.ZodType, summaryText: string, description: string, apply: (actor: string, sname: string, value: never) => Promise<unknown>) =>
  operation({
    method: "PATCH",
    path: `/sessions/{sname}/${key}/`,
    tag: "sessions",
    summary: summaryText,
    description,
    full: true,
    params: ZSessionParams,
    body: z.object({ [key]: schema }).strict(),
    bodyField: key,
    response: z.object({ [key]: schema }),
    run: async ({ params, body, caller }) => {
      const value = (body as Record<string, unknown>)[key];
      await apply(caller.actor, params.sname, value as never);
      const after = await sessionDetail(readDb(), params.sname);
      return { [key]: key === "settings" ? after?.settings : after?.[key as "active"] };
    },
  });

export const sessionOperations = [
  operation({
    method: "GET",
    path: "/sessions/",
    tag: "sessions",
    summary: "Sessions, newest first",
    full: false,
    query: z
      .object({
        active: zQueryFlag("only running (true) or only paused (false) sessions"),
        testing: z.enum(TESTING_FILTERS).optional().describe("test runs: all (the default), hide or only"),
      })
      .strict(),
    response: z.object({ sessions: z.array(ZSessionListed) }),
    run: async ({ query }) => {
      const rows = await listSessions(readDb(), { active: query.active, testing: query.testing });
      return { sessions: rows.map((s) => ({ ...summary(s), started: s.started, dropouts: s.dropouts })) };
    },
  }),
  operation({
    method: "POST",
    path: "/sessions/",
    tag: "sessions",
    summary: "Create a session of a config",
    description: "Players get generated, unguessable names unless playerNames gives one per player. settings replaces the config's defaults.",
    full: true,
    body: ZCreateSession.strict(),
    status: 201,
    response: ZSessionDetail,
    run: async ({ body, caller }) => {
      const made = await createSession(db(), body, adminBy(caller.actor));
      return sessionAnswer(made.name, caller.origin);
    },
  }),
  operation({
    method: "GET",
    path: "/sessions/{sname}/",
    tag: "sessions",
    summary: "One session with its settings and links",
    full: false,
    params: ZSessionParams,
    response: ZSessionDetail,
    run: async ({ params, caller }) => sessionAnswer(params.sname, caller.origin),
  }),
  control("active", z.boolean(), "Pause (false) or resume (true) the session", "Paused, participants see a paused page, submissions are refused and page timers wait.", (actor, sname, v: boolean) => setSessionActive(db(), actor, sname, v)),
  control("testing", z.boolean(), "Mark the session as a test run, or unmark it", "Session lists and exports can leave test runs out.", (actor, sname, v: boolean) => setSessionTesting(db(), actor, sname, v)),
  control("description", z.string().max(10_000), "Set the session's description (a note for the team)", "An empty string clears it.", (actor, sname, v: string) => setSessionDescription(db(), actor, sname, v)),
  control("settings", ZJsonObject, "Replace the session's settings", "Replaces them wholesale: experiment code reads the new object from now on.", (actor, sname, v: Record<string, unknown>) => setSessionSettings(db(), actor, sname, v)),
  operation({
    method: "POST",
    path: "/sessions/{sname}/initialize/",
    tag: "sessions",
    summary: "Run every app's newSession hook now",
    description: "Unlike uproot's, it runs again on an initialized session: new values are written, the old ones stay in the field log. A hook that throws changes nothing (422).",
    full: true,
    params: ZSessionParams,
    response: z.object({ hooks: z.number().int().describe("how many apps' newSession ran") }),
    run: async ({ params, caller }) => runNewSession(db(), caller.actor, params.sname),
  }),
];
