import { choicesOf, likertBounds, maxLengthOf, sameJson, type Field, type JsonValue } from "./fields.ts";

export type ParseResult = { ok: true; value: JsonValue } | { ok: false; error: string };
/** What the form posted for one field: absent, one value, or several (checkbox groups). */
export type RawInput = string | readonly string[] | undefined;

const ok = (value: JsonValue): ParseResult => ({ ok: true, value });
const fail = (error: string): ParseResult => ({ ok: false, error });

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Deliberately simple: one @, no spaces, a dot in the domain. Real checks need a mail round-trip.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Validates a posted value against the field's definition. */
export function parseField(field: Field, raw: RawInput): ParseResult {
  if (field.kind === "checkboxes") return parseCheckboxes(field, raw === undefined ? [] : typeof raw === "string" ? [raw] : raw);
  const first = typeof raw === "string" ? raw : raw?.[0];
  if (field.kind === "boolean") {
    const checked = first !== undefined && first !== "";
    if (!checked && !field.optional) return fail("Please tick this box to continue.");
    return ok(checked);
  }
  const text = first?.trim() ?? "";
  if (text === "") {
    if (field.optional) return ok(null);
    const choose = field.kind === "radio" || field.kind === "select" || field.kind === "likert";
    return fail(choose ? "Please choose one of the options." : "This field is required.");
  }
  switch (field.kind) {
    case "string":
    case "textarea":
      return parseText(field.minLength, maxLengthOf(field), first ?? "");
    case "email":
      return EMAIL.test(text) ? ok(text) : fail("Please enter an e-mail address like name@example.org.");
    case "integer":
      if (!INTEGER.test(text)) return fail("Please enter a whole number.");
      return checkNumber(Number(text), field.min, field.max, field.step);
    case "float":
      if (!NUMBER.test(text)) return fail("Please enter a number.");
      return checkNumber(Number(text), field.min, field.max, field.step);
    case "range":
      if (!NUMBER.test(text)) return fail("Please choose a value on the scale.");
      return checkNumber(Number(text), field.min, field.max, field.step);
    case "likert": {
      const { min, max } = likertBounds(field);
      const n = INTEGER.test(text) ? Number(text) : NaN;
      return n >= min && n <= max ? ok(n) : fail("Please choose one of the options.");
    }
    case "decimal":
      return parseDecimal(field.places, field.min, field.max, text);
    case "date":
      return parseDate(field.min, field.max, text);
    case "radio":
    case "select": {
      // The form posts the choice's index, so any JSON value can be a choice.
      const choice = /^\d+$/.test(text) ? choicesOf(field)[Number(text)] : undefined;
      return choice ? ok(choice[0]) : fail("Please choose one of the options.");
    }
  }
}

/** Invisible control characters (NUL and the like; tabs and line breaks are fine): no keyboard types them. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

function parseText(minLength: number | undefined, maxLength: number | undefined, value: string): ParseResult {
  // Refused rather than stripped: what is stored is exactly what the participant sent.
  if (CONTROL.test(value)) return fail("This answer contains invisible control characters (such as NUL). Please retype it.");
  if (minLength !== undefined && value.length < minLength) return fail(`Please enter at least ${minLength} characters.`);
  if (maxLength !== undefined && value.length > maxLength) return fail(`Please enter at most ${maxLength} characters.`);
  return ok(value);
}

function checkNumber(value: number, min?: number, max?: number, step?: number): ParseResult {
  if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) return fail("This number is too large.");
  if (min !== undefined && value < min) return fail(`Please enter a number of at least ${min}.`);
  if (max !== undefined && value > max) return fail(`Please enter a number of at most ${max}.`);
  if (step !== undefined) {
    const steps = (value - (min ?? 0)) / step;
    if (Math.abs(steps - Math.round(steps)) > 1e-9) return fail(`Please enter a value in steps of ${step}${min ? ` from ${min}` : ""}.`);
  }
  return ok(value);
}

/** Exact decimal arithmetic on strings: compares scaled integers, never floats. */
function parseDecimal(places: number, min: string | number | undefined, max: string | number | undefined, text: string): ParseResult {
  const normalized = text.replace(",", ".");
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(normalized);
  if (!m || (m[2] === "" && !m[3])) return fail("Please enter a number.");
  const fraction = m[3] ?? "";
  if (fraction.replace(/0+$/, "").length > places) return fail(places === 0 ? "Please enter a whole number." : `Please use at most ${places} decimal places.`);
  const value = `${m[1] === "-" ? "-" : ""}${(m[2] || "0").replace(/^0+(?=\d)/, "")}${places ? `.${fraction.padEnd(places, "0").slice(0, places)}` : ""}`;
  const scaled = toScaled(value, places);
  if (scaled === null) return fail("This number is too large.");
  if (min !== undefined && scaled < toScaled(String(min), places)!) return fail(`Please enter a number of at least ${min}.`);
  if (max !== undefined && scaled > toScaled(String(max), places)!) return fail(`Please enter a number of at most ${max}.`);
  return ok(value === "-0" || /^-0\.0*$/.test(value) ? value.slice(1) : value);
}

export function toScaled(value: string, places: number): bigint | null {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m || (m[2]!.length > 30)) return null;
  const digits = `${m[2]}${(m[3] ?? "").padEnd(places, "0").slice(0, places)}`;
  const n = BigInt(digits);
  return m[1] === "-" ? -n : n;
}

function parseDate(min: string | undefined, max: string | undefined, text: string): ParseResult {
  const m = DATE.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== text) return fail("Please enter a date as YYYY-MM-DD.");
  if (min !== undefined && text < min) return fail(`Please enter a date on or after ${min}.`);
  if (max !== undefined && text > max) return fail(`Please enter a date on or before ${max}.`);
  return ok(text);
}

function parseCheckboxes(field: Extract<Field, { kind: "checkboxes" }>, raw: readonly string[]): ParseResult {
  const choices = choicesOf(field);
  const indices = new Set<number>();
  for (const r of raw) {
    if (r === "") continue;
    const i = /^\d+$/.test(r) ? Number(r) : -1;
    if (!choices[i]) return fail("Please choose from the options shown.");
    indices.add(i);
  }
  const min = field.min ?? (field.optional ? 0 : 1);
  if (indices.size < min) return fail(min === 1 ? "Please choose at least one option." : `Please choose at least ${min} options.`);
  if (field.max !== undefined && indices.size > field.max) return fail(`Please choose at most ${field.max} option${field.max === 1 ? "" : "s"}.`);
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
