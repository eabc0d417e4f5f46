import { choicesOf, likertBounds, maxLengthOf, sameJson, type Field, type JsonValue } from "./fields.ts";
import { sproutMessages, type SproutT } from "../i18n/index.ts";
import type { Locale } from "../i18n/locale.ts";

export type ParseResult = { ok: true; value: JsonValue } | { ok: false; error: string };
/** What the form posted for one field: absent, one value, or several (checkbox groups). */
export type RawInput = string | readonly string[] | undefined;

const ok = (value: JsonValue): ParseResult => ({ ok: true, value });
const fail = (error: string): ParseResult => ({ ok: false, error });
type FieldT = SproutT;

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Deliberately simple: one @, no spaces, a dot in the domain. Real checks need a mail round-trip.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Validates a posted value against the field's definition; its message (when refused) is in `locale`. */
export function parseField(field: Field, raw: RawInput, locale: Locale = "en"): ParseResult {
  const t = sproutMessages.in(locale);
  if (field.kind === "checkboxes") return parseCheckboxes(field, raw === undefined ? [] : typeof raw === "string" ? [raw] : raw, t);
  const first = typeof raw === "string" ? raw : raw?.[0];
  if (field.kind === "boolean") {
    const checked = first !== undefined && first !== "";
    if (!checked && !field.optional) return fail(t("field.tick"));
    return ok(checked);
  }
  const text = first?.trim() ?? "";
  if (text === "") {
    if (field.optional) return ok(null);
    const choose = field.kind === "radio" || field.kind === "select" || field.kind === "likert";
    return fail(choose ? t("field.chooseOne") : t("field.required"));
  }
  switch (field.kind) {
    case "string":
    case "textarea":
      return parseText(field.minLength, maxLengthOf(field), first ?? "", t);
    case "email":
      return EMAIL.test(text) ? ok(text) : fail(t("field.email"));
    case "integer":
      if (!INTEGER.test(text)) return fail(t("field.wholeNumber"));
      return checkNumber(Number(text), field.min, field.max, field.step, t);
    case "float":
      if (!NUMBER.test(text)) return fail(t("field.number"));
      return checkNumber(Number(text), field.min, field.max, field.step, t);
    case "range":
      if (!NUMBER.test(text)) return fail(t("field.scale"));
      return checkNumber(Number(text), field.min, field.max, field.step, t);
    case "likert": {
      const { min, max } = likertBounds(field);
      const n = INTEGER.test(text) ? Number(text) : NaN;
      return n >= min && n <= max ? ok(n) : fail(t("field.chooseOne"));
    }
    case "decimal":
      return parseDecimal(field.places, field.min, field.max, text, t);
    case "date":
      return parseDate(field.min, field.max, text, t);
    case "radio":
    case "select": {
      // The form posts the choice's index, so any JSON value can be a choice.
      const choice = /^\d+$/.test(text) ? choicesOf(field)[Number(text)] : undefined;
      return choice ? ok(choice[0]) : fail(t("field.chooseOne"));
    }
  }
}

/** Invisible control characters (NUL and the like; tabs and line breaks are fine): no keyboard types them. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

function parseText(minLength: number | undefined, maxLength: number | undefined, value: string, t: FieldT): ParseResult {
  // Refused rather than stripped: what is stored is exactly what the participant sent.
  if (CONTROL.test(value)) return fail(t("field.controlCharacters"));
  if (minLength !== undefined && value.length < minLength) return fail(t("field.minLength", { min: minLength }));
  if (maxLength !== undefined && value.length > maxLength) return fail(t("field.maxLength", { max: maxLength }));
  return ok(value);
}

function checkNumber(value: number, min: number | undefined, max: number | undefined, step: number | undefined, t: FieldT): ParseResult {
  if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) return fail(t("field.tooLarge"));
  if (min !== undefined && value < min) return fail(t("field.atLeast", { min }));
  if (max !== undefined && value > max) return fail(t("field.atMost", { max }));
  if (step !== undefined) {
    const steps = (value - (min ?? 0)) / step;
    if (Math.abs(steps - Math.round(steps)) > 1e-9) return fail(min ? t("field.stepsFrom", { step, min }) : t("field.steps", { step }));
  }
  return ok(value);
}

/** Exact decimal arithmetic on strings: compares scaled integers, never floats. */
function parseDecimal(places: number, min: string | number | undefined, max: string | number | undefined, text: string, t: FieldT): ParseResult {
  const normalized = text.replace(",", ".");
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(normalized);
  if (!m || (m[2] === "" && !m[3])) return fail(t("field.number"));
  const fraction = m[3] ?? "";
  if (fraction.replace(/0+$/, "").length > places) return fail(places === 0 ? t("field.wholeNumber") : t("field.decimalPlaces", { places }));
  const value = `${m[1] === "-" ? "-" : ""}${(m[2] || "0").replace(/^0+(?=\d)/, "")}${places ? `.${fraction.padEnd(places, "0").slice(0, places)}` : ""}`;
  const scaled = toScaled(value, places);
  if (scaled === null) return fail(t("field.tooLarge"));
  if (min !== undefined && scaled < toScaled(String(min), places)!) return fail(t("field.atLeast", { min }));
  if (max !== undefined && scaled > toScaled(String(max), places)!) return fail(t("field.atMost", { max }));
  return ok(value === "-0" || /^-0\.0*$/.test(value) ? value.slice(1) : value);
}

export function toScaled(value: string, places: number): bigint | null {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m || (m[2]!.length > 30)) return null;
  const digits = `${m[2]}${(m[3] ?? "").padEnd(places, "0").slice(0, places)}`;
  const n = BigInt(digits);
  return m[1] === "-" ? -n : n;
}

function parseDate(min: string | undefined, max: string | undefined, text: string, t: FieldT): ParseResult {
  const m = DATE.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== text) return fail(t("field.date"));
  if (min !== undefined && text < min) return fail(t("field.dateFrom", { min }));
  if (max !== undefined && text > max) return fail(t("field.dateTo", { max }));
  return ok(text);
}

function parseCheckboxes(field: Extract<Field, { kind: "checkboxes" }>, raw: readonly string[], t: FieldT): ParseResult {
  const choices = choicesOf(field);
  const indices = new Set<number>();
  for (const r of raw) {
    if (r === "") continue;
    const i = /^\d+$/.test(r) ? Number(r) : -1;
    if (!choices[i]) return fail(t("field.fromOptions"));
    indices.add(i);
  }
  const min = field.min ?? (field.optional ? 0 : 1);
  if (indices.size < min) return fail(min === 1 ? t("field.atLeastOneOption") : t("field.atLeastOptions", { min }));
  if (field.max !== undefined && indices.size > field.max) return fail(field.max === 1 ? t("field.atMostOneOption") : t("field.atMostOptions", { max: field.max }));
  return ok([...indices].sort((a, b) => a - b).map((i) => choices[i]![0]));
}

/** The form value(s) an input shows for a stored value, used for defaults and prefills. */
export function formValueOf(field: Field, value: JsonValue | undefined): string | string[] {
  if (field.kind === "checkboxes") {
    const list = Array.isArray(value) ? value : [];
    return choicesOf(field).flatMap(([v], i) => (list.some((x) => sameJson(x, v)) ? [String(i)] : []));
  }
  if (value === undefined || value === null) return "";
  if (field.kind === "boolean") return value === true ? "1" : "";
  if (field.kind === "radio" || field.kind === "select") {
    const index = choicesOf(field).findIndex(([v]) => sameJson(v, value));
    return index < 0 ? "" : String(index);
  }
  return String(value);
}
