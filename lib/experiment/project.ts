import type { AppDef } from "./app.ts";
import type { JsonValue } from "./fields.ts";
import { labelListProblem } from "./room-labels.ts";
import { languageProblem, type LanguageSetting } from "../i18n/locale.ts";
import { namedBetweens, pagesOf } from "./page-order.ts";

export interface ConfigDef {
  /** Apps played in this order by every participant. */
  readonly apps: readonly AppDef[];
  /** Default session settings, editable when a session is created. */
  readonly settings?: Readonly<Record<string, JsonValue>>;
  readonly description?: string;
  /** The entry link's URL parameters to keep (recruitment IDs); see EntryDef. */
  readonly entry?: EntryDef;
  /** Where a participant who reaches the end goes (the recruiter's completion link), or the code they are shown. */
  readonly completion?: ExitDef;
  /** Where a participant a hook screens out (player.screenOut) goes, or the code they are shown. */
  readonly screenOut?: ExitDef;
  /** How points become money on the session's payments page; see PaymentDef. */
  readonly payment?: PaymentDef;
  /**
   * Most participants a session of this config needs: each one in progress holds a place (a
   * dropout or screen-out frees it) and the quota is met when this many have completed. Once
   * every place is held, newcomers see "No places left" (nobody in progress is turned away);
   * once it is met, the session's room closes itself. A number is the total; see QuotaDef for
   * quotas per condition or per entry parameter.
   */
  readonly quota?: number | QuotaDef;
  /**
   * The language of Sprout's own texts on participant pages (buttons, wait pages, validation
   * messages, status pages): "en", "de", "fr" or "es", or "browser" to follow the participant's
   * browser among those (falling back to the project's language, else English). Default: the
   * project's `language`. Apps translate their own texts with defineMessages and the `locale`
   * their render and hooks receive.
   * @example language: "de"
   */
  readonly language?: LanguageSetting;
  /** Data-quality signals and checks (docs/data-quality.md); see QualityDef. On unless switched off. */
  readonly quality?: QualityDef;
}

/**
 * What Sprout records about how each page was answered, and the checks it runs on that
 * (docs/data-quality.md lists every signal). Flags are recorded, shown and exported; nobody is
 * turned away unless `duplicates` says "screenOut".
 * @example quality: { minSeconds: 3, duplicates: "screenOut" }
 */
export interface QualityDef {
  /**
   * Record the browser's signals per page visit (time on page, pastes, tab switches, typing
   * cadence, window size, pointer); false stores none of them (default true).
   */
  readonly signals?: boolean;
  /** Fewest seconds on a page with a form; a faster submit is flagged "fast" (a page's own `minSeconds` wins). */
  readonly minSeconds?: number;
  /**
   * The same browser entering a session twice (a first-party cookie and a coarse device
   * fingerprint, both stored only as salted hashes): "flag" (default) flags both players,
   * "screenOut" also screens the later one out, false sets no cookie and stores nothing.
   */
  readonly duplicates?: "flag" | "screenOut" | false;
  /** Also match browsers by the coarse device fingerprint, not only the cookie (default true; a lab of identical machines wants false). */
  readonly fingerprint?: boolean;
}

/**
 * Quotas: a total and/or per cell. A cell is one value of an attribute: a condition of a named
 * between() (the attribute is its name), a value of an entry parameter (e.g. Prolific's
 * ?sex=Female, the attribute is the parameter) or an answer to a page field (known only once
 * answered: an answer in a full cell screens the participant out then). Each participant in
 * progress holds a place in their cells; a newcomer who could only go to full cells is told the
 * study is full; a named between() assigns only conditions with a free place. Values not
 * listed are not limited.
 * @example quota: { total: 100, cells: { treatment: { control: 50, bonus: 50 }, sex: { Female: 50, Male: 50 } } }
 */
export interface QuotaDef {
  readonly total?: number;
  readonly cells?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/**
 * How a session's players are paid: their points (the player field `payoff`, as it stood at the
 * end of each app and round, summed) times `pointValue`, rounded to the currency's cents, is
 * the bonus; finishers also get `fee`. Amounts are decimal text, so they stay exact. A
 * session's setting `payment` (an object with some of these keys) overrides them.
 * @example payment: { currency: "GBP", pointValue: "0.01", fee: "1.50" }
 */
export interface PaymentDef {
  /** ISO 4217 code, e.g. "GBP", "USD", "EUR". */
  readonly currency: string;
  /** Money per point, e.g. "0.01" (100 points = 1.00). */
  readonly pointValue: string;
  /** Participation fee for each player who finished (default "0"). */
  readonly fee?: string;
  /** How a bonus is rounded to the cent: "nearest" (default; a half away from zero), "up" or "down". */
  readonly rounding?: "nearest" | "up" | "down";
}

/**
 * Where the study sends a participant at its end, and/or a code to show them. Both may hold
 * {placeholders}: an entry parameter ({PROLIFIC_PID}), a player field ({bonus_code}), or
 * {player}, {session}, {label}; in the address each value is URL-encoded.
 * @example completion: { url: "https://app.prolific.com/submissions/complete?cc=C1A2B3C4" }
 */
export interface ExitDef {
  /** An http:// or https:// address; the end page goes there by itself, with a link in case that is blocked. */
  readonly url?: string;
  /** A code the end page shows (to paste into the recruiter's site). */
  readonly code?: string;
}

/**
 * Which URL parameters of an entry link (a player link, the sessionwide link, a room link) a
 * config keeps on the player, e.g. Prolific's PROLIFIC_PID, STUDY_ID and SESSION_ID. They are
 * personal data: stored on the player outside the field log, erasable by an admin.
 * @example entry: { params: ["PROLIFIC_PID", "STUDY_ID", "SESSION_ID"], label: "PROLIFIC_PID" }
 */
export interface EntryDef {
  /** The parameter names kept (letters, digits and _; case matters). */
  readonly params: readonly string[];
  /** Those a link must carry, else the participant sees a "link incomplete" page; default: all of params. */
  readonly required?: readonly string[];
  /** One of params that serves as the player's label: a participant coming back with the same value gets the same player. */
  readonly label?: string;
}

/** A room the project defines: created at start when it does not exist yet (never overwritten). */
export interface RoomDef {
  /** The config a session is created from when the first participant arrives; without one, participants wait until the admin creates a session. */
  readonly config?: string;
  /** Access codes participants must enter (or bring as ?label=); [] accepts any code; omitted: none asked. */
  readonly labels?: readonly string[];
  /** Most players the room's session may have; default: the number of labels, or no limit. */
  readonly capacity?: number;
  /** Whether it accepts participants from the start (default: when it has a config). */
  readonly open?: boolean;
  /** The entry parameters its links keep, instead of the config's (needs a config). */
  readonly entry?: EntryDef;
  /** Its session's quotas, instead of the config's (needs a config). */
  readonly quota?: number | QuotaDef;
}

export interface ProjectDef {
  /** Named configs the admin can start sessions of. */
  readonly configs: Readonly<Record<string, ConfigDef>>;
  /** Admin account names; each one's password comes from SPROUT_ADMIN_PASSWORD_<NAME>. */
  readonly admins: readonly string[];
  /** Rooms (participant link /room/<name>/) that exist from the first start. */
  readonly rooms?: Readonly<Record<string, RoomDef>>;
  /**
   * The default language of participant pages (see ConfigDef.language), also for pages that
   * belong to no config: "page not found", the busy and database-away pages. Default: "en".
   */
  readonly language?: LanguageSetting;
}

const ENTRY_PARAM = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Names the entry links use themselves. */
const RESERVED_PARAMS = new Set(["label", "wait"]);

function checkEntry(where: string, entry: EntryDef): void {
  if (!Array.isArray(entry.params) || entry.params.length === 0) throw new Error(`${where}.params must list at least one parameter name`);
  const seen = new Set<string>();
  for (const param of entry.params) {
    if (typeof param !== "string" || !ENTRY_PARAM.test(param)) throw new Error(`${where}.params: "${String(param)}" is not allowed: use 1-64 letters, digits and _, not starting with a digit`);
    if (RESERVED_PARAMS.has(param)) throw new Error(`${where}.params: "${param}" is used by the links themselves`);
    if (seen.has(param)) throw new Error(`${where}.params lists "${param}" twice`);
    seen.add(param);
  }
  for (const param of entry.required ?? []) if (!seen.has(param)) throw new Error(`${where}.required: "${String(param)}" is not in entry.params`);
  if (entry.label !== undefined && !seen.has(entry.label)) throw new Error(`${where}.label: "${String(entry.label)}" is not in entry.params`);
}

/** The {placeholders} of a completion or screen-out template. */
export const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]{0,63})\}/g;

function checkExit(where: string, exit: ExitDef): void {
  if (exit === null || typeof exit !== "object" || (exit.url === undefined && exit.code === undefined)) throw new Error(`${where} needs a url or a code`);
  for (const [key, template] of Object.entries(exit)) {
    if (key !== "url" && key !== "code") throw new Error(`${where}: unknown setting "${key}" (url, code)`);
    if (typeof template !== "string" || template.trim() === "" || template.length > 2000) throw new Error(`${where}.${key} must be a text of 1-2000 characters`);
    if (/[{}]/.test(template.replace(PLACEHOLDER, ""))) throw new Error(`${where}.${key}: a "{" or "}" that is no {placeholder} (names: letters, digits and _)`);
  }
  if (exit.url !== undefined && !/^https?:\/\/[^\s/{}]+/i.test(exit.url)) throw new Error(`${where}.url must be an http:// or https:// address with a fixed host`);
}

const AMOUNT = /^\d{1,9}(\.\d{1,10})?$/;

/** Why a payment setting is not allowed (the first problem), or null. */
export function paymentProblem(payment: Partial<Record<keyof PaymentDef, unknown>>): string | null {
  for (const key of Object.keys(payment)) if (!["currency", "pointValue", "fee", "rounding"].includes(key)) return `unknown setting "${key}" (currency, pointValue, fee, rounding)`;
  if (typeof payment.currency !== "string" || !/^[A-Z]{3}$/.test(payment.currency)) return "currency must be a three-letter code such as GBP or USD";
  if (typeof payment.pointValue !== "string" || !AMOUNT.test(payment.pointValue)) return 'pointValue must be a non-negative decimal in quotes, such as "0.01"';
  if (payment.fee !== undefined && (typeof payment.fee !== "string" || !AMOUNT.test(payment.fee) || !/^\d+(\.\d{1,2})?$/.test(payment.fee))) return 'fee must be an amount in quotes with at most 2 decimals, such as "1.50"';
  if (payment.rounding !== undefined && !["nearest", "up", "down"].includes(payment.rounding as string)) return 'rounding must be "nearest", "up" or "down"';
  return null;
}

const CONFIG_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const ROOM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function checkRoom(project: ProjectDef, name: string, room: RoomDef): void {
  if (!ROOM_NAME.test(name)) throw new Error(`Room "${name}": names are 1-64 letters, digits, '.', '_' and '-', starting with a letter or digit`);
  if (room.config !== undefined && !Object.hasOwn(project.configs, room.config)) throw new Error(`Room "${name}": there is no config "${room.config}"`);
  const problem = room.labels ? labelListProblem(room.labels) : null;
  if (problem) throw new Error(`Room "${name}": ${problem}`);
  if (room.capacity !== undefined && !(Number.isInteger(room.capacity) && room.capacity >= 1)) throw new Error(`Room "${name}": capacity must be a whole number of at least 1`);
  if ((room.entry !== undefined || room.quota !== undefined) && room.config === undefined) throw new Error(`Room "${name}": entry and quota are checked against the room's config: give it one`);
  if (room.entry !== undefined) checkEntry(`Room "${name}": entry`, room.entry);
  if (room.quota !== undefined) checkQuota(`Room "${name}": quota`, room.quota, project.configs[room.config!]!, room.entry ?? project.configs[room.config!]!.entry);
}

/** A quota as { total, cells } (a number is the total). */
export function quotaRules(quota: number | QuotaDef | undefined): { total: number | undefined; cells: Readonly<Record<string, Readonly<Record<string, number>>>> } {
  if (quota === undefined) return { total: undefined, cells: {} };
  if (typeof quota === "number") return { total: quota, cells: {} };
  return { total: quota.total, cells: quota.cells ?? {} };
}

/** Every field name of the apps' pages (a quota may count a field's answers). */
export function fieldNamesOf(apps: readonly AppDef[]): Set<string> {
  return new Set(apps.flatMap((app) => pagesOf(app).flatMap((p) => (p.kind === "page" ? Object.keys(p.fields) : []))));
}

const isPlaces = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;

/** Checks a quota against the config's named between()s and the entry parameters kept. */
function checkQuota(where: string, quota: number | QuotaDef, config: ConfigDef, entry: EntryDef | undefined): void {
  if (typeof quota === "number") {
    if (!isPlaces(quota)) throw new Error(`${where} must be a whole number of at least 1`);
    return;
  }
  if (quota === null || typeof quota !== "object") throw new Error(`${where} must be a number or { total, cells }`);
  for (const key of Object.keys(quota)) if (key !== "total" && key !== "cells") throw new Error(`${where}: unknown setting "${key}" (total, cells)`);
  if (quota.total !== undefined && !isPlaces(quota.total)) throw new Error(`${where}.total must be a whole number of at least 1`);
  const betweens = new Map(namedBetweens(config.apps).map((b) => [b.name, b.conditions] as const));
  const fields = fieldNamesOf(config.apps);
  for (const [attribute, cells] of Object.entries(quota.cells ?? {})) {
    const at = `${where}.cells.${attribute}`;
    const conditions = betweens.get(attribute);
    const isParam = entry?.params.includes(attribute) ?? false;
    const isField = fields.has(attribute);
    if (!conditions && !isParam && !isField) throw new Error(`${at}: no named between(), entry parameter or page field is called "${attribute}" (named between()s: ${[...betweens.keys()].join(", ") || "none"}; entry parameters: ${entry?.params.join(", ") || "none"})`);
    if ([conditions !== undefined, isParam, isField].filter(Boolean).length > 1) throw new Error(`${at}: "${attribute}" names more than one of a named between(), an entry parameter and a page field: rename one`);
    if (cells === null || typeof cells !== "object" || Object.keys(cells).length === 0) throw new Error(`${at} must map values to places, e.g. { control: 50 }`);
    for (const [value, places] of Object.entries(cells)) {
      if (conditions && !conditions.includes(value)) throw new Error(`${at}: between("${attribute}") has no condition "${value}" (${conditions.join(", ")})`);
      if (!isPlaces(places)) throw new Error(`${at}.${value} must be a whole number of at least 1`);
    }
  }
}

/** A config's data-quality options: known keys with values of the right kind. */
function checkQuality(at: string, q: QualityDef): void {
  if (q === null || typeof q !== "object") throw new Error(`${at} must be an object, e.g. { minSeconds: 3 }`);
  const unknown = Object.keys(q).filter((k) => !["signals", "minSeconds", "duplicates", "fingerprint"].includes(k));
  if (unknown.length > 0) throw new Error(`${at}: unknown option ${unknown.join(", ")} (there are signals, minSeconds, duplicates, fingerprint)`);
  if (q.signals !== undefined && typeof q.signals !== "boolean") throw new Error(`${at}.signals must be true or false`);
  if (q.fingerprint !== undefined && typeof q.fingerprint !== "boolean") throw new Error(`${at}.fingerprint must be true or false`);
  if (q.minSeconds !== undefined && !(typeof q.minSeconds === "number" && q.minSeconds > 0 && Number.isFinite(q.minSeconds))) throw new Error(`${at}.minSeconds must be a number of seconds above 0`);
  if (q.duplicates !== undefined && q.duplicates !== "flag" && q.duplicates !== "screenOut" && q.duplicates !== false) throw new Error(`${at}.duplicates must be "flag", "screenOut" or false`);
}

/** The project file's one export. @example export default defineProject({ configs: { survey: { apps: [survey] } }, admins: ["admin"] }) */
export function defineProject(project: ProjectDef): ProjectDef {
  for (const [name, config] of Object.entries(project.configs)) {
    if (!CONFIG_NAME.test(name)) throw new Error(`Config "${name}": names are letters, digits, _ and -, starting with a letter or digit`);
    if (config.apps.length === 0) throw new Error(`Config "${name}" lists no apps`);
    const s = config.settings;
    if (s !== undefined && (s === null || typeof s !== "object" || Array.isArray(s))) throw new Error(`Config "${name}": settings must be an object`);
    if (config.entry !== undefined) checkEntry(`Config "${name}": entry`, config.entry);
    if (config.completion !== undefined) checkExit(`Config "${name}": completion`, config.completion);
    if (config.screenOut !== undefined) checkExit(`Config "${name}": screenOut`, config.screenOut);
    const betweenNames = namedBetweens(config.apps).map((b) => b.name);
    const twice = betweenNames.find((b, i) => betweenNames.indexOf(b) !== i);
    if (twice) throw new Error(`Config "${name}": two apps have a between() named "${twice}" (the name is the player field that keeps the condition)`);
    const fieldNames = fieldNamesOf(config.apps);
    const clash = betweenNames.find((b) => fieldNames.has(b));
    if (clash) throw new Error(`Config "${name}": between("${clash}") has the name of a page field (the name is the player field that keeps the condition): rename one`);
    if (config.quota !== undefined) checkQuota(`Config "${name}": quota`, config.quota, config, config.entry);
    if (config.quality !== undefined) checkQuality(`Config "${name}": quality`, config.quality);
    const languageError = config.language === undefined ? null : languageProblem(config.language);
    if (languageError) throw new Error(`Config "${name}": ${languageError}`);
    const paymentError = config.payment === undefined ? null : paymentProblem(config.payment);
    if (paymentError) throw new Error(`Config "${name}": payment: ${paymentError}`);
  }
  if (project.admins.length === 0) throw new Error("The project names no admin");
  const languageError = project.language === undefined ? null : languageProblem(project.language);
  if (languageError) throw new Error(`Project: ${languageError}`);
  for (const [name, room] of Object.entries(project.rooms ?? {})) checkRoom(project, name, room);
  return project;
}
