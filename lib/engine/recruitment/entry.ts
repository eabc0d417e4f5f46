import { InvalidInputError } from "../../errors.ts";
import type { EntryDef } from "../../experiment/index.ts";
import { LABEL_PATTERN } from "../../experiment/room-labels.ts";
import { entryOf } from "./rules.ts";
import { entryParamsColumn } from "../../store/columns.ts";
import type { Db, Tx } from "../../store/db.ts";
import { t, type Locale } from "../../i18n/index.ts";

// Entry parameters: the URL parameters of an entry link (player link, sessionwide link, room
// link) that the session's config keeps on the player, such as Prolific's PROLIFIC_PID. They
// are personal data: kept in Player.entryParams, never in the field log, and erasable.

/** Longest value kept; a longer one is refused (no recruiter sends one this long). */
export const MAX_ENTRY_VALUE = 256;

/** What the link carried: each parameter's first value. */
export type EntryQuery = Readonly<Record<string, string>>;

export type EntryCheck =
  /** params: what the config keeps (null: the config keeps none); label: the value of its label parameter, if it has one */
  | { ok: true; params: Record<string, string> | null; label: string | null }
  /** the link lacks required parameters, or carries a value that cannot be kept */
  | { ok: false; missing: string[]; invalid: string[] };

/** A URL's parameters as an EntryQuery (the first value of each). */
export function entryQuery(search: URLSearchParams | Readonly<Record<string, string | string[] | undefined>>): EntryQuery {
  const query: Record<string, string> = Object.create(null);
  const pairs = search instanceof URLSearchParams ? [...search.entries()] : Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  for (const [name, value] of pairs) if (typeof value === "string" && !Object.hasOwn(query, name)) query[name] = value;
  return query;
}

export { entryOf };

/** Checks a link's parameters against the config's entry declaration and picks what it keeps. */
export function checkEntryParams(entry: EntryDef | undefined, query: EntryQuery): EntryCheck {
  if (!entry) return { ok: true, params: null, label: null };
  const required = new Set(entry.required ?? entry.params);
  const params: Record<string, string> = {};
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const name of entry.params) {
    const value = Object.hasOwn(query, name) ? query[name]!.trim() : "";
    if (value === "") {
      if (required.has(name)) missing.push(name);
      continue;
    }
    // eslint-disable-next-line no-control-regex
    if (value.length > MAX_ENTRY_VALUE || /[\u0000-\u001f\u007f]/.test(value) || (name === entry.label && !LABEL_PATTERN.test(value))) invalid.push(name);
    else params[name] = value;
  }
  if (missing.length > 0 || invalid.length > 0) return { ok: false, missing, invalid };
  return { ok: true, params, label: entry.label !== undefined ? (params[entry.label] ?? null) : null };
}

/** Throws the 400 a request with unusable parameters gets where no page can be shown. */
export function requireEntry(check: EntryCheck): asserts check is Extract<EntryCheck, { ok: true }> {
  if (!check.ok) throw new InvalidInputError(entryProblem(check));
}

/** The participant-facing sentence for a link that lacks or garbles parameters. */
export function entryProblem(check: { readonly missing: readonly string[]; readonly invalid: readonly string[] }, locale: Locale = "en"): string {
  const names = (list: readonly string[]) => ({ names: list.join(", ") });
  const parts = [
    check.missing.length > 0 ? t(locale, "incomplete.lacks", names(check.missing)) : "",
    check.invalid.length > 0 ? t(locale, check.invalid.length === 1 ? "incomplete.invalidOne" : "incomplete.invalidMany", names(check.invalid)) : "",
  ].filter(Boolean);
  return t(locale, "incomplete.text", { problems: parts.join(t(locale, "incomplete.and")) });
}

/** Stores a player's kept parameters (in the transaction that lets them in). */
export async function storeEntryParams(tx: Tx, playerId: number, params: Record<string, string>): Promise<void> {
  await tx.player.update({ where: { id: playerId }, data: { entryParams: entryParamsColumn.write(params) } });
}

/** A player's kept parameters as stored ({} when none were kept or they were erased). */
export function readEntryParams(stored: string | null): Record<string, string> {
  return stored === null ? {} : entryParamsColumn.read(stored);
}

type EnteredState = { entryParams: string | null; entryErasedAt: Date | null };
/** Whether a player's parameters were taken already (an erased player's count: they are not asked again). */
const hasEntered = (p: EnteredState) => p.entryParams !== null || p.entryErasedAt !== null;

/** Form fields of the start page that carry a player link's parameters to its first POST. */
export const ENTRY_FIELD_PREFIX = "_entry.";

/**
 * For the start page of a player link (/p/<session>/<player>/?PROLIFIC_PID=…): the hidden
 * fields that carry the kept parameters to the start POST, or the problem to show instead.
 * A player let in by the sessionwide or a room link has theirs already: nothing to carry.
 */
export async function playerLinkEntry(read: Db, sname: string, pname: string, query: EntryQuery, locale: Locale = "en"): Promise<{ fields: Record<string, string> } | { problem: string }> {
  const player = await read.player.findFirst({ where: { name: pname, session: { name: sname } }, select: { entryParams: true, entryErasedAt: true, session: { select: { config: true, room: true } } } });
  const entry = entryOf(player?.session.config, player?.session.room);
  if (!player || !entry || hasEntered(player)) return { fields: {} };
  const check = checkEntryParams(entry, query);
  if (!check.ok) return { problem: entryProblem(check, locale) };
  return { fields: Object.fromEntries(Object.entries(check.params ?? {}).map(([name, value]) => [ENTRY_FIELD_PREFIX + name, value])) };
}

/**
 * What a player link's start POST stores: the parameters its start page carried (checked
 * again: a POST can lack them), or nothing when the config keeps none or the player has
 * theirs already. Throws a 400 for a start without the required ones.
 */
export function entryAtStart(entry: EntryDef | undefined, player: EnteredState, form: Readonly<Record<string, string | string[]>>): Extract<EntryCheck, { ok: true }> | null {
  if (!entry || hasEntered(player)) return null;
  const query: Record<string, string> = {};
  for (const name of entry.params) {
    const value = form[ENTRY_FIELD_PREFIX + name];
    if (typeof value === "string") query[name] = value;
  }
  const check = checkEntryParams(entry, query);
  requireEntry(check);
  return check;
}
