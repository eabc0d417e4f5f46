import type { JsonValue, Rng } from "../experiment/index.ts";
import { formValueOf, parseField, randomValidValue } from "../experiment/index.ts";
import { resolvePage } from "../project.ts";
import { PARTICIPANT_NAMESPACE, type LiveResult } from "../realtime/events.ts";
import { BOT_USER_AGENT } from "../engine/quality/client.ts";

/**
 * A headless participant: plays a participant link over HTTP the way a browser without
 * JavaScript does (GET the page, fill the form, POST it, follow the 303), using the app's
 * bot script for a page where it has one and random valid values for every other field.
 */
export interface BotOptions {
  /** the participant's page URL, ".../p/<session>/<player>/" */
  url: string;
  playerIndex?: number;
  rng?: Rng;
  /** called for every request, for load figures; `outcome` is what the server did with a POST */
  onRequest?: (kind: "get" | "post", ms: number, status: number, outcome: string | null) => void;
  /** stop after this many submissions (a guard against endless loops) */
  maxSubmissions?: number;
  /** awaited before each page's submission: a paced bot (the soak benchmark) waits for its turn here, or stops (false) */
  beforeSubmit?: () => Promise<boolean>;
  /**
   * Bot tests: asked on every page with a form before the bot submits it, with what the
   * participant sees; may return values to enter (over the app's bot script and random values)
   * and submissions the server must refuse first. A throw stops the bot with that error.
   */
  onPage?: (page: PageSeen) => Promise<PagePlan | void>;
  /** stops the bot (another bot of the same test failed) */
  signal?: AbortSignal;
}

/** A page as the bot saw it. */
export interface PageSeen {
  /** "app/Page" */
  path: string;
  position: number;
  round: number | null;
  html: string;
}

/** What a bot test wants done on a page (see BotOptions.onPage). */
export interface PagePlan {
  values?: Record<string, JsonValue>;
  mustFail?: { values: Record<string, JsonValue>; message?: string }[];
}

/** A submission the server acknowledged, with the values as it stores them. */
export interface Submission {
  path: string;
  position: number;
  values: Record<string, JsonValue>;
}

export interface BotResult {
  submissions: Submission[];
  /** how the bot stopped: the end page, a paused session, or told to by beforeSubmit */
  finished: "end" | "paused" | "stopped";
}

/** How often a bot asks a wait page again (about 0.2 s apart) before it gives up. */
const WAIT_LIMIT = 600;

export class BotError extends Error {
  name = "BotError";
}

interface Seen {
  state: string;
  position: number | null;
  path: string | null;
  round: number | null;
}

function readPage(html: string): Seen {
  const attr = (re: RegExp) => re.exec(html)?.[1] ?? null;
  const round = attr(/data-round="(\d+)"/);
  const position = attr(/name="_position" value="(-?\d+)"/);
  return { state: attr(/data-state="(\w+)"/) ?? "unknown", position: position === null ? null : Number(position), path: attr(/data-page="([^"]+)"/), round: round === null ? null : Number(round) };
}

/** The messages a page shows: at fields, and in its alert. */
export function messagesOf(html: string): string[] {
  const alert = /role="alert"[^>]*>(.*?)<\/(ul|p)>/.exec(html)?.[1] ?? "";
  return [...[...html.matchAll(/id="field-[^"]+-error"[^>]*>([^<]+)</g)].map((m) => m[1]!), ...alert.replace(/<[^>]+>/g, " ").split(/\s{2,}/).filter(Boolean)];
}

/**
 * What a bot enters on a page: the app's bot script where it has one, random valid values
 * for every other field. Returns the form values to post and the values the server stores.
 */
export function chooseValues(path: string | null, round: number | null, rng: Rng, playerIndex: number, overrides: Record<string, JsonValue> = {}) {
  const found = path ? resolvePage(path) : undefined;
  if (!found || found.page.kind !== "page") throw new BotError(`unknown page ${path}`);
  const script = found.app.bots[found.page.name] ?? found.page.bot?.bind(found.page);
  const scripted = { ...(script?.({ round, rng, playerIndex }) as Record<string, JsonValue> | void), ...overrides };
  const form: Record<string, string | string[]> = {};
  const stored: Record<string, JsonValue> = {};
  for (const [name, field] of Object.entries(found.page.fields)) {
    const raw = formValueOf(field, Object.hasOwn(scripted, name) ? scripted[name] : randomValidValue(field, rng));
    form[name] = raw;
    const parsed = parseField(field, raw);
    if (parsed.ok) stored[name] = parsed.value;
  }
  return { form, stored };
}

/**
 * Runs the app's botLive script for a page over a real participant socket, as the page's
 * browser code would, before the bot submits the page.
 */
async function playLive(url: string, path: string, position: number, round: number | null, rng: Rng): Promise<void> {
  const found = resolvePage(path);
  const script = found?.app.botLive?.[found.page.name];
  if (!script) return;
  const { io } = await import("socket.io-client");
  const { origin, pathname } = new URL(url);
  const [, , sname, pname] = pathname.split("/");
  const socket = io(`${origin}${PARTICIPANT_NAMESPACE}`, { auth: { sname, pname }, transports: ["websocket"], reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    await script({
      rng,
      round,
      call: async (method, args) => {
        const result = (await socket.timeout(15_000).emitWithAck("live:call", { position, method, args: args ?? null })) as LiveResult;
        if (!result.ok) throw new BotError(`${path}: live ${method} refused: ${result.error}`);
        return result.data;
      },
    });
  } finally {
    socket.close();
  }
}

export async function playBot(options: BotOptions): Promise<BotResult> {
  const { url, rng = Math.random, onRequest, maxSubmissions = 1000, playerIndex = 0, beforeSubmit, onPage, signal } = options;
  const submissions: Submission[] = [];
  const request = async (kind: "get" | "post", init?: RequestInit) => {
    const started = performance.now();
    // The User-Agent marks the bot's visits as a bot's in the data-quality signals (lib/engine/quality/).
    const res = await fetch(kind === "get" ? url : `${url}submit/`, { ...init, headers: { "user-agent": BOT_USER_AGENT }, redirect: "manual" });
    const body = await res.text();
    onRequest?.(kind, performance.now() - started, res.status, res.headers.get("x-sprout-outcome"));
    return { status: res.status, body, outcome: res.headers.get("x-sprout-outcome") };
  };

  let page = await request("get");
  let waits = 0;
  const post = async (position: number, values: Record<string, string | string[]>) => {
    const form = new URLSearchParams({ _position: String(position) });
    for (const [name, raw] of Object.entries(values)) for (const v of typeof raw === "string" ? [raw] : raw) form.append(name, v);
    return request("post", { method: "POST", body: form });
  };
  for (let step = 0; step <= maxSubmissions; step++) {
    if (signal?.aborted) throw new BotError("stopped: another bot of this test failed");
    if (page.status !== 200) throw new BotError(`GET ${url} answered ${page.status}: ${page.body.slice(0, 200)}`);
    const seen = readPage(page.body);
    if (seen.state === "end" || seen.state === "paused") return { submissions, finished: seen.state };
    if (seen.position === null) throw new BotError(`${url}: a "${seen.state}" page without a form`);
    if (seen.state === "page" && seen.path) await playLive(url, seen.path, seen.position, seen.round, rng);
    const plan = seen.state === "page" && seen.path && onPage ? ((await onPage({ path: seen.path, position: seen.position, round: seen.round, html: page.body })) ?? {}) : {};
    for (const refused of plan.mustFail ?? []) await submitMustFail(seen, refused);
    const chosen = seen.state === "page" ? chooseValues(seen.path, seen.round, rng, playerIndex, plan.values) : { form: {}, stored: {} };
    if (beforeSubmit && waits === 0 && !(await beforeSubmit())) return { submissions, finished: "stopped" };
    const posted = await post(seen.position, chosen.form);
    if (posted.status !== 303) throw new BotError(`POST ${url}submit/ answered ${posted.status}: ${posted.body.slice(0, 200)}`);
    if (posted.outcome === "waiting") await new Promise((r) => setTimeout(r, 150 + rng() * 150));
    page = await request("get");
    // The server says what became of the submission; only an advance stored the values.
    if (posted.outcome === "advanced" && seen.state === "page") submissions.push({ path: seen.path!, position: seen.position, values: chosen.stored });
    if (posted.outcome === "waiting") {
      // A wait page, like a browser without JavaScript: it pressed Continue after a pause (above).
      if (++waits > WAIT_LIMIT) throw new BotError(`${seen.path}: still waiting after ${WAIT_LIMIT} checks`);
      step--;
      continue;
    }
    waits = 0;
    if (posted.outcome === "invalid" || posted.outcome === "failed") {
      throw new BotError(`${seen.path ?? "the start page"} refused the bot's submission (${posted.outcome}): ${messagesOf(page.body).join(" / ")}`);
    }
  }
  throw new BotError(`${url}: still playing after ${maxSubmissions} submissions`);

  /** Submits values the server must refuse, and checks that it did (with the message, when given). */
  async function submitMustFail(seen: Seen, refused: NonNullable<PagePlan["mustFail"]>[number]) {
    const chosen = chooseValues(seen.path, seen.round, rng, playerIndex, refused.values);
    const posted = await post(seen.position!, chosen.form);
    const shown = await request("get");
    const what = `${seen.path}: the submission ${JSON.stringify(refused.values)} that must fail`;
    if (posted.outcome !== "invalid") throw new BotError(`${what} was ${posted.outcome === "advanced" ? "accepted" : `answered "${posted.outcome}"`}`);
    const messages = messagesOf(shown.body);
    if (refused.message !== undefined && !messages.some((m) => m.includes(refused.message!))) {
      throw new BotError(`${what} was refused, but without the message "${refused.message}" (it said: ${messages.join(" / ") || "nothing"})`);
    }
  }
}
