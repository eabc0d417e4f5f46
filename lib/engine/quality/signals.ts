import { z } from "zod";
import { zPageSignals, type PageSignals } from "../../store/columns.ts";

// The browser's signals arrive as one hidden form field (components/participant/client/
// quality.ts adds it on submit). It is read here and never trusted: whatever it holds, the
// submission goes on; a payload that cannot be read is kept as { source: "invalid" }.

/** The hidden form field the page's script posts its signals in. */
export const SIGNALS_FIELD = "_sprout_signals";

/** Longest payload read (a page of many text fields stays far below it). */
export const MAX_SIGNALS_LENGTH = 20_000;
/** Most fields a payload may describe (more is not a page a person answered). */
const MAX_FIELDS = 200;

/** What the browser posts: the stored signals plus what only the device fingerprint uses (never stored). */
const zPosted = zPageSignals.omit({ source: true }).extend({
  device: z.object({ screen: z.string().max(40), timeZone: z.string().max(80) }).optional(),
});

export interface ReadSignals {
  signals: PageSignals;
  /** the device's screen and time zone, for the coarse fingerprint; null when the browser sent none */
  device: { screen: string; timeZone: string } | null;
}

/**
 * The signals of a submission: "none" when the form came without them (no JavaScript), "bot"
 * for Sprout's bots, "invalid" for anything unreadable. Per-field figures are kept only for
 * the page's own fields.
 */
export function readSignals(posted: string | readonly string[] | undefined, fieldNames: readonly string[], bot: boolean): ReadSignals {
  if (bot) return { signals: { source: "bot" }, device: null };
  if (posted === undefined) return { signals: { source: "none" }, device: null };
  const invalid: ReadSignals = { signals: { source: "invalid" }, device: null };
  if (typeof posted !== "string" || posted.length > MAX_SIGNALS_LENGTH) return invalid;
  let json: unknown;
  try {
    json = JSON.parse(posted);
  } catch {
    return invalid;
  }
  const parsed = zPosted.safeParse(json);
  if (!parsed.success) return invalid;
  const { device, paste, typing, ...rest } = parsed.data;
  if (Object.keys(paste ?? {}).length > MAX_FIELDS || Object.keys(typing ?? {}).length > MAX_FIELDS) return invalid;
  const own = new Set(fieldNames);
  const onlyOwn = <T>(byField: Record<string, T> | undefined) => byField && Object.fromEntries(Object.entries(byField).filter(([name]) => own.has(name)));
  const signals: PageSignals = { source: "browser", ...rest };
  const ownPaste = onlyOwn(paste);
  const ownTyping = onlyOwn(typing);
  if (ownPaste && Object.keys(ownPaste).length > 0) signals.paste = ownPaste;
  if (ownTyping && Object.keys(ownTyping).length > 0) signals.typing = ownTyping;
  return { signals, device: device ?? null };
}
