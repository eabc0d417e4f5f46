import type { ValidationResult } from "../../experiment/index.ts";

/**
 * Turns what a page's validate returned into messages: nothing means valid; a string or a
 * list is about the page; an object is keyed by field (unknown keys count for the page).
 */
export function normalizeValidation(result: ValidationResult, fieldNames: string[]): { errors: Record<string, string>; pageErrors: string[] } | null {
  if (result === undefined || result === null || result === "" || (Array.isArray(result) && result.length === 0)) return null;
  if (typeof result === "string") return { errors: {}, pageErrors: [result] };
  if (Array.isArray(result)) return { errors: {}, pageErrors: result.map(String) };
  const errors: Record<string, string> = {};
  const pageErrors: string[] = [];
  for (const [key, message] of Object.entries(result)) {
    const text = Array.isArray(message) ? message.join(" ") : String(message);
    if (!text) continue;
    if (fieldNames.includes(key)) errors[key] = text;
    else pageErrors.push(text);
  }
  return Object.keys(errors).length || pageErrors.length ? { errors, pageErrors } : null;
}
