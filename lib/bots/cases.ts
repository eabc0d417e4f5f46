import { isDeepStrictEqual } from "node:util";
import type { AppDef, BotExpect, BotTestCase, JsonValue } from "../experiment/index.ts";
import { pagesOf } from "../experiment/page-order.ts";
import { createSession } from "../engine/admin/sessions.ts";
import { playerApi, sessionApi } from "../engine/core/handles.ts";
import type { HandleScope } from "../engine/core/write-buffer.ts";
import { configMultiple, getConfig } from "../project.ts";
import type { Db } from "../store/db.ts";
import { InvalidInputError } from "../errors.ts";
import { BotError, playBot, type PagePlan, type PageSeen } from "./bot.ts";
import { pageText } from "./page-text.ts";

/**
 * Runs an app's bot tests (defineApp's `tests`): each case is a new session of the config on
 * a running server, played by several bots at once; a failed expectation, a submission the
 * server refused (or accepted where it must not), a crashing hook or page fails the case with
 * a message that names the player, page and round.
 */

/** A failed expectation of a bot test. */
export class ExpectationFailed extends Error {
  name = "ExpectationFailed";
}

export interface CaseToRun {
  app: AppDef;
  /** "app: case"; apps without tests get one case, "plays to the end", of random bots */
  name: string;
  botCase: BotTestCase;
}

export interface CaseResult {
  name: string;
  players: number;
  ms: number;
  /** null when the case passed */
  failure: string | null;
}

const PLAYS_THROUGH = "plays to the end";

/** An app's bot tests, loaded from its tests file, with page names and player counts checked. */
export async function testsOf(app: AppDef): Promise<[string, BotTestCase][]> {
  if (!app.tests) return [];
  const cases = Object.entries((await app.tests()).default ?? {});
  const pages = new Set(pagesOf(app).map((p) => p.name));
  const fail = (where: string, problem: string) => new InvalidInputError(`App "${app.name}", tests.${where}: ${problem}`);
  for (const [name, c] of cases) {
    for (const page of Object.keys(c.pages ?? {})) if (!pages.has(page)) throw fail(`${name}.pages.${page}`, "there is no page with this name");
    if (c.players !== undefined && !(Number.isInteger(c.players) && c.players >= 1)) throw fail(`${name}.players`, `must be a whole number of players, 1 or more, not ${c.players}`);
  }
  return cases;
}

/** The cases of a config's apps, or only the one named (`--case`: "app: case" or just "case"). */
export async function casesOf(config: string, only?: string): Promise<CaseToRun[]> {
  const perApp = await Promise.all(
    getConfig(config).apps.map(async (app): Promise<CaseToRun[]> => {
      const own = await testsOf(app);
      return own.length === 0 ? [{ app, name: `${app.name}: ${PLAYS_THROUGH}`, botCase: {} }] : own.map(([name, botCase]) => ({ app, name: `${app.name}: ${name}`, botCase }));
    }),
  );
  const cases = perApp.flat();
  if (only === undefined) return cases;
  const picked = cases.filter((c) => c.name === only || c.name.endsWith(`: ${only}`));
  if (picked.length === 0) throw new InvalidInputError(`Config "${config}" has no bot test "${only}". Its tests: ${cases.map((c) => c.name).join(", ")}`);
  return picked;
}

const expectFor =
  (where: string): BotExpect =>
  (actual, expected, what) => {
    if (!isDeepStrictEqual(actual, expected)) throw new ExpectationFailed(`${where}: expected ${what ?? "the value"} to be ${JSON.stringify(expected)}, it is ${JSON.stringify(actual) ?? "undefined"}`);
  };

const readOnly = (db: Db, app: string, round: number | null): HandleScope => ({ db, buffer: null, provenance: { byKind: "system", byName: "bot test" }, context: { app, round } });

/** Plays one case on the server at `baseUrl` (whose database `db` is) with `players` bots. */
export async function runCase(db: Db, baseUrl: string, config: string, toRun: CaseToRun, players: number): Promise<CaseResult> {
  const started = performance.now();
  const result = (failure: string | null): CaseResult => ({ name: toRun.name, players, ms: Math.round(performance.now() - started), failure });
  const s = await createSession(db, { config, players }, { byKind: "system", byName: "bot test" });
  const rows = await db.player.findMany({ where: { sessionId: s.id }, orderBy: { index: "asc" } });
  await enterWithParams(baseUrl, config, s);
  const stop = new AbortController();
  const scripts = toRun.botCase.pages ?? {};
  const onPage = (playerIndex: number) => async (seen: PageSeen): Promise<PagePlan | void> => {
    const [app, pageName] = seen.path.split("/") as [string, string];
    const script = app === toRun.app.name ? scripts[pageName] : undefined;
    if (!script) return;
    const where = `player ${playerIndex} on ${seen.path}${seen.round === null ? "" : ` (round ${seen.round})`}`;
    const text = pageText(seen.html);
    const mustFail: NonNullable<PagePlan["mustFail"]> = [];
    const values = await script({
      round: seen.round,
      playerIndex,
      rng: Math.random,
      text,
      player: playerApi(readOnly(db, app, seen.round), rows[playerIndex]!),
      expect: expectFor(where),
      sees: (t) => {
        if (!text.includes(t)) throw new ExpectationFailed(`${where}: expected the page to show "${t}"; it shows: "${shorten(text)}"`);
      },
      doesNotSee: (t) => {
        if (text.includes(t)) throw new ExpectationFailed(`${where}: expected the page not to show "${t}"; it shows: "${shorten(text)}"`);
      },
      // Partial values: a field left out is absent (undefined), which the submission omits.
      mustFail: (v, message) => void mustFail.push({ values: v as Record<string, JsonValue>, message }),
    });
    return { values: (values ?? undefined) as Record<string, JsonValue> | undefined, mustFail };
  };
  const played = await Promise.allSettled(
    s.players.map(async (p, i) => {
      try {
        return await playBot({ url: `${baseUrl}/p/${s.name}/${p.name}/`, playerIndex: i, onPage: onPage(i), signal: stop.signal });
      } catch (e) {
        stop.abort();
        throw e;
      }
    }),
  );
  // The first real failure; the others stopped because of it.
  const failures = played.flatMap((r, i) => (r.status === "rejected" ? [describe(r.reason, i)] : []));
  const first = failures.find((f) => !f.includes("another bot of this test failed")) ?? failures[0];
  if (first) return result(first);
  try {
    const scope = readOnly(db, toRun.app.name, null);
    const session = await db.session.findUniqueOrThrow({ where: { id: s.id } });
    await toRun.botCase.check?.({ players: rows.map((r) => playerApi(scope, r)), session: sessionApi(scope, session), expect: expectFor("after the end") });
  } catch (e) {
    return result(describe(e, null));
  }
  return result(null);
}

/** A config that keeps entry parameters lets nobody in without them: each bot enters through the sessionwide link with its own. */
async function enterWithParams(baseUrl: string, config: string, s: { name: string; secret: string; players: unknown[] }) {
  const entry = getConfig(config).entry;
  if (!entry) return;
  for (let i = 0; i < s.players.length; i++) {
    const query = new URLSearchParams(entry.params.map((name) => [name, `bot${i}${name.replace(/_/g, "")}`]));
    await fetch(`${baseUrl}/s/${s.name}/${s.secret}/?${query}`, { method: "POST", redirect: "manual" });
  }
}

function describe(e: unknown, playerIndex: number | null): string {
  if (e instanceof ExpectationFailed) return e.message;
  const who = playerIndex === null ? "" : `player ${playerIndex}: `;
  if (e instanceof BotError) return `${who}${e.message.replace(/refused the bot's submission \(failed\)/, "failed on the server (a hook or the page threw; see the server's log)").replace(/\s+/g, " ").trim()}`;
  // A script of the test itself threw (a typo in the test, a value of the wrong type).
  return `${who}the test threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}

const shorten = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

/** Runs every case of the config (or the one named), one after another. */
export async function runBotTests(db: Db, baseUrl: string, config: string, options: { players?: number; only?: string; onResult?: (r: CaseResult) => void } = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const toRun of await casesOf(config, options.only)) {
    const players = toRun.botCase.players ?? options.players ?? configMultiple(getConfig(config));
    const r = await runCase(db, baseUrl, config, toRun, players);
    options.onResult?.(r);
    results.push(r);
  }
  return results;
}

/** One line per case, then the count: what `sprout test` prints. */
export function formatResult(r: CaseResult): string {
  const head = `${r.failure === null ? "✓" : "✗"} ${r.name} (${r.players} player${r.players === 1 ? "" : "s"}, ${(r.ms / 1000).toFixed(1)} s)`;
  return r.failure === null ? head : `${head}\n    ${r.failure.replace(/\n/g, "\n    ")}`;
}

export function formatSummary(results: readonly CaseResult[]): string {
  const failed = results.filter((r) => r.failure !== null).length;
  return `${results.length - failed} passed, ${failed} failed`;
}
