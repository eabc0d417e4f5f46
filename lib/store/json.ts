import { InvalidInputError } from "../errors.ts";
import { jsonProblemOf } from "../experiment/json-check.ts";

/** What a field can hold: plain JSON. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Why `value` is not plain JSON, or null when it is. */
export const jsonProblem = jsonProblemOf;

export function encodeJson(value: unknown, at?: string): string {
  const problem = jsonProblem(value, at);
  if (problem) throw new InvalidInputError(problem);
  return JSON.stringify(value);
}

export function decodeJson(text: string | null): Json | undefined {
  return text === null ? undefined : (JSON.parse(text) as Json);
}

/** Parses a JSON object typed by a person (settings, set-fields); a clear message otherwise. */
export function parseJsonObject(text: string, what = "Settings"): Record<string, Json> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.trim() === "" ? "{}" : text);
  } catch (e) {
    throw new InvalidInputError(`${what} are not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InvalidInputError(`${what} must be a JSON object ({ ... }), not ${Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)}`);
  }
  return parsed as Record<string, Json>;
}
