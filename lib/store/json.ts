import { InvalidInputError } from "../errors.ts";
import { jsonProblemOf } from "../experiment/json-check.ts";
import type { JsonValue } from "../experiment/fields.ts";

/** What a field, a setting or a live message can hold: plain JSON (one type for the whole project). */
export type { JsonValue };

/** Why `value` is not plain JSON, or null when it is. */
export const jsonProblem = jsonProblemOf;

/** A value as stored in a JSON column, after checking it is plain JSON. */
export function encodeJson(value: unknown, at?: string): string {
  const problem = jsonProblem(value, at);
  if (problem) throw new InvalidInputError(problem);
  return JSON.stringify(value);
}

/** Parses a JSON object typed by a person (settings, set-fields); a clear message otherwise. */
export function parseJsonObject(text: string, what = "Settings"): Record<string, JsonValue> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.trim() === "" ? "{}" : text);
  } catch (e) {
    throw new InvalidInputError(`${what} are not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InvalidInputError(`${what} must be a JSON object ({ ... }), not ${Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)}`);
  }
  return parsed as Record<string, JsonValue>;
}

/** Parses any JSON value typed by a person or sent in a query (an export's input); a clear message otherwise. */
export function parseJsonText(text: string, what = "The input"): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    throw new InvalidInputError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}
