import crypto from "node:crypto";
import type { JsonValue, PageDef } from "../../experiment/index.ts";
import { pageSignalsColumn, qualityFlagsColumn, type QualityFlag } from "../../store/columns.ts";
import type { Tx } from "../../store/db.ts";
import { screenOut } from "../recruitment/outcome.ts";
import type { Move } from "../participant/move-state.ts";
import type { FormInput } from "../participant/pending-form.ts";
import { isBotAgent, type ClientInfo } from "./client.ts";
import { failedAttentionChecks, visitFlags } from "./flags.ts";
import { minSecondsOf, qualityOf, type QualitySettings } from "./settings.ts";
import { readSignals, SIGNALS_FIELD } from "./signals.ts";

// Records a submission's data quality inside its move's transaction (the same commit as the
// answers): the visit left gets its signals and flags, the player the union of their flags
// (the monitor's badges), and the browser's hashes for finding the same browser entering twice.

/** What a submission brings besides its answers. */
export interface QualityInput {
  form: FormInput;
  /** the request's client; null when the engine is called without one (the CLI, tests) */
  client: ClientInfo | null;
  /** a stand-in bot plays the seat (lib/engine/standin/) */
  standIn: boolean;
}

const isBot = (input: QualityInput) => input.standIn || (input.client !== null && isBotAgent(input.client.userAgent));

/** Adds flags to players (read in the transaction: another player's entry may have flagged them meanwhile). */
async function addFlags(tx: Tx, playerIds: readonly number[], flags: readonly QualityFlag[]): Promise<void> {
  if (flags.length === 0 || playerIds.length === 0) return;
  const rows = await tx.player.findMany({ where: { id: { in: [...playerIds] } }, select: { id: true, quality: true } });
  for (const row of rows) {
    const had = row.quality === null ? [] : qualityFlagsColumn.read(row.quality);
    if (flags.every((f) => had.includes(f))) continue;
    await tx.player.update({ where: { id: row.id }, data: { quality: qualityFlagsColumn.write([...had, ...flags]) } });
  }
}

/** A hash salted with the session's secret: the same value in another session hashes differently, and the value itself is not kept. */
const hashFor = (move: Move, ...parts: string[]) =>
  crypto.createHash("sha256").update([move.p.session.id, move.p.session.secret, ...parts].join("\u0000")).digest("base64url").slice(0, 22);

/**
 * The player's browser (cookie and coarse fingerprint, hashed), recorded once; another player
 * of the session with either hash flags both as "duplicate", and screens this one out when
 * the config says so.
 */
async function recordBrowser(move: Move, settings: QualitySettings, input: QualityInput, device: { screen: string; timeZone: string } | null): Promise<void> {
  const { client } = input;
  if (settings.duplicates === false || client === null || isBot(input)) return;
  client.keepCookie = true;
  const { tx, p } = move;
  // Each is recorded once: the cookie at the first submit, the fingerprint at the first with the
  // script's figures (the start page posts itself before the script has loaded).
  const browser = p.browser === null ? hashFor(move, "cookie", client.browserCookie) : null;
  const fingerprint = p.device === null && settings.fingerprint && device ? hashFor(move, "device", client.userAgent, client.acceptLanguage, device.screen, device.timeZone) : null;
  if (browser === null && fingerprint === null) return;
  await tx.player.update({ where: { id: p.id }, data: { ...(browser ? { browser } : {}), ...(fingerprint ? { device: fingerprint } : {}) } });
  move.p = { ...p, browser: browser ?? p.browser, device: fingerprint ?? p.device };
  const others = await tx.player.findMany({ where: { sessionId: p.sessionId, id: { not: p.id }, OR: [...(browser ? [{ browser }] : []), ...(fingerprint ? [{ device: fingerprint }] : [])] }, select: { id: true } });
  if (others.length === 0) return;
  await addFlags(tx, [p.id, ...others.map((o) => o.id)], ["duplicate"]);
  move.pushes.push({ to: { players: others.map((o) => o.id) }, event: "monitor:changed" });
  if (settings.duplicates === "screenOut") {
    await screenOut(tx, move.buffer, { owner: move.owner, context: { app: null, position: p.position, round: null }, provenance: { byKind: "system", byName: "duplicate browser" } }, "entered this session before from the same browser");
  }
}

/** At the start (the first POST): only the browser is recorded (no page was answered yet). */
export async function recordStartQuality(move: Move, input: QualityInput): Promise<void> {
  const settings = qualityOf(move.p.session.config);
  const { device } = readSignals(input.form[SIGNALS_FIELD], [], isBot(input));
  await recordBrowser(move, settings, input, device);
}

/**
 * A page submitted (or submitted by its countdown, `timedOut`: never "fast"): the visit's
 * signals and flags, the player's flags, the attention checks' declared outcomes, the browser.
 */
export async function recordVisitQuality(move: Move, from: number, page: PageDef, values: Readonly<Record<string, JsonValue>>, input: QualityInput, timedOut: boolean): Promise<void> {
  const settings = qualityOf(move.p.session.config);
  const bot = isBot(input);
  const read = readSignals(input.form[SIGNALS_FIELD], Object.keys(page.fields), bot);
  const failed = failedAttentionChecks(page, values);
  const minSeconds = timedOut ? null : minSecondsOf(settings, page);
  const { tx, p } = move;
  if (settings.signals || minSeconds !== null || failed.length > 0) {
    const open = { playerId: p.id, position: from, leftAt: null };
    // The visit's start is read only for a minimum time (one query less on the hot path otherwise).
    const visit = minSeconds === null ? null : await tx.pageVisit.findFirst({ where: open, select: { enteredAt: true }, orderBy: { id: "desc" } });
    const seconds = visit ? (Date.now() - visit.enteredAt.getTime()) / 1000 : null;
    const signals = settings.signals ? read.signals : null;
    const flags = visitFlags(bot ? { source: "bot" } : signals, { seconds, minSeconds, attentionFailed: failed.length > 0 });
    // Stored with the visit's leftAt by the move that follows (one statement less per submit).
    if (signals || flags.length > 0) move.visitQuality = { signals: signals && pageSignalsColumn.write(signals), signalSource: signals?.source ?? null, flags: flags.length > 0 ? qualityFlagsColumn.write(flags) : null };
    await addFlags(tx, [p.id], flags);
  }
  // The declared outcome applies to everyone answering (a bot test can check it), except a stand-in playing a dropout's seat.
  const screening = failed.find((f) => f.onFail === "screenOut");
  if (screening && !input.standIn && p.outcome === null) {
    await screenOut(tx, move.buffer, { owner: move.owner, context: { app: null, position: from, round: p.round }, provenance: { byKind: "system", byName: "attention check" } }, `failed the attention check "${screening.field}"`);
  }
  await recordBrowser(move, settings, input, read.device);
}
