import { InvalidInputError } from "../errors.ts";

/** What a field can hold: plain JSON. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Why `value` is not plain JSON, or null when it is. */
export function jsonProblem(value: unknown, at = "value"): string | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isFinite(value) ? null : `${at} is ${value}, which JSON cannot store`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = jsonProblem(value[i], `${at}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      const p = jsonProblem(v, `${at}.${k}`);
      if (p) return p;
    }
    return null;
  }
  const kind = value === undefined ? "undefined" : typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value;
  return `${at} is ${kind}; fields hold plain JSON (null, booleans, finite numbers, strings, arrays, plain objects)`;
}

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
