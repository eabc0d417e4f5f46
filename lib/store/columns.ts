import { z } from "zod";
import type { CodeVersion } from "../code-version.ts";
import type { JsonValue } from "./json.ts";
import { QUALITY_FLAGS, type QualityFlag } from "./quality-flags.ts";

/**
 * The text columns that hold JSON, each with the one parser and serializer the code uses for
 * it. Nothing else parses a stored column (tests/unit/architecture/json-columns.test.ts).
 *
 * Columns only the engine writes, read on every request (page orders, group members), are
 * parsed without a schema check; the others go through a zod schema, so a stored value of the
 * wrong shape is a clear error instead of a wrong answer further on. What every request reads
 * is memoized (frozen): many players share a page order and a session's settings, and one
 * request reads them several times.
 */
export interface Column<T> {
  read(text: string): T;
  write(value: T): string;
}

const MEMO_LIMIT = 1000;

const plain = <T>(): Column<T> => ({ read: (text) => JSON.parse(text) as T, write: (value) => JSON.stringify(value) });

/** Keeps the (frozen) value read from the same text: for columns read many times per request. */
function memoized<T>(column: Column<T>): Column<T> {
  const memo = new Map<string, T>();
  return {
    read(text) {
      let value = memo.get(text);
      if (value === undefined) {
        value = Object.freeze(column.read(text));
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(text, value);
      }
      return value;
    },
    write: column.write,
  };
}

function checked<T>(where: string, schema: z.ZodType<T>): Column<T> {
  return {
    read(text) {
      const parsed = schema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`The stored ${where} is not in the expected shape: ${parsed.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")}`);
      return parsed.data;
    },
    write: (value) => JSON.stringify(value),
  };
}

const zJson: z.ZodType<JsonValue> = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(zJson), z.record(z.string(), zJson)]));
const zJsonObject = z.record(z.string(), zJson);

/** Player.pageOrder: the player's entries ("app/Page@round"), fixed when they start. */
export const pageOrderColumn = memoized(plain<readonly string[]>());
/** Group.members: player ids in member order. */
export const groupMembersColumn = memoized(plain<readonly number[]>());
/** Session.apps: the app names of the session's config, in order. */
export const sessionAppsColumn = memoized(plain<readonly string[]>());

/** Session.settings: the config's settings with the admin's changes. */
export const sessionSettingsColumn = memoized(checked("session settings", zJsonObject));

/** Session.monitorFields: the field names shown as monitor columns; anything unreadable reads as none. */
export const monitorFieldsColumn: Column<string[]> = {
  read(text) {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === "string") : [];
    } catch {
      return [];
    }
  },
  write: (value) => JSON.stringify(value),
};

/** Session.codeVersion: what the code was when the session was created. */
export const codeVersionColumn: Column<CodeVersion> = checked(
  "code version",
  z.object({
    sprout: z.string(),
    git: z.object({ commit: z.string(), dirty: z.boolean() }).nullable(),
    experiments: z.string(),
    folder: z.string(),
    builtAt: z.string().optional(),
  }),
);

/** Room.labels: the participant labels a room admits, or null for anyone. */
export const roomLabelsColumn = checked("room labels", z.array(z.string()));

const zFormInput = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
/** Player.pendingForm: an invalid submission's input and messages, for the page at its position. */
const zPendingForm = z.object({ position: z.number().int(), values: zFormInput, errors: z.record(z.string(), z.string()), pageErrors: z.array(z.string()) });
export type PendingFormState = Omit<z.infer<typeof zPendingForm>, "position">;
export const pendingFormColumn = checked("pending form", zPendingForm);

/** Player.entryParams: the entry link's parameters the config keeps, name to value. */
export const entryParamsColumn = checked("entry parameters", z.record(z.string(), z.string()));

/** AuditEntry.detail: what an admin action changed. */
export const auditDetailColumn = checked("audit detail", z.record(z.string(), z.unknown()));

/** FieldWrite.value and FieldValue.value: a field's JSON value, null for a deletion. */
export const fieldValueColumn = {
  read: (text: string | null): JsonValue | undefined => (text === null ? undefined : (JSON.parse(text) as JsonValue)),
  write: (value: JsonValue) => JSON.stringify(value),
};

/**
 * PageVisit.signals: what was recorded about how a page was answered (lib/engine/quality/).
 * `source` says where the figures come from: "browser" (the page's script measured them),
 * "none" (no script ran: JavaScript off, or a client that posts forms itself), "bot" (Sprout's
 * bots: kept apart from the participants' figures) or "invalid" (a payload that could not be read).
 * Times are milliseconds; per-field figures are keyed by the field's name.
 */
export const zPageSignals = z.object({
  source: z.enum(["browser", "none", "bot", "invalid"]),
  /** time on the page, by the browser's clock, from the page being shown to the submit */
  ms: z.number().nonnegative().optional(),
  /** from the page being shown to the first key, click or paste in a field; null: none */
  firstInputMs: z.number().nonnegative().nullable().optional(),
  /** pastes into each field: how many, and how many characters in all (never the text) */
  paste: z.record(z.string(), z.object({ count: z.number().int().nonnegative(), chars: z.number().int().nonnegative() })).optional(),
  /** the page hidden or the window left (tab switch, another window): how often, for how long in all */
  hidden: z.object({ count: z.number().int().nonnegative(), ms: z.number().nonnegative() }).optional(),
  /** each text field's typing: characters typed, final length, mean time between keys (null: under two keys) */
  typing: z.record(z.string(), z.object({ typed: z.number().int().nonnegative(), final: z.number().int().nonnegative(), meanKeyMs: z.number().nonnegative().nullable() })).optional(),
  /** the window's inner size in CSS pixels */
  window: z.object({ width: z.number().int().nonnegative(), height: z.number().int().nonnegative() }).optional(),
  /** the pointer the participant used last ("mouse", "touch", "pen"), or the device's primary one; "none" without */
  pointer: z.enum(["mouse", "touch", "pen", "none"]).optional(),
});
export type PageSignals = z.infer<typeof zPageSignals>;
export const pageSignalsColumn = checked("page signals", zPageSignals);

export { QUALITY_FLAGS, type QualityFlag };
/** PageVisit.flags and Player.quality: data-quality flags; unknown names read as none. */
export const qualityFlagsColumn: Column<QualityFlag[]> = {
  read(text) {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? QUALITY_FLAGS.filter((f) => parsed.includes(f)) : [];
    } catch {
      return [];
    }
  },
  write: (value) => JSON.stringify(QUALITY_FLAGS.filter((f) => value.includes(f))),
};
