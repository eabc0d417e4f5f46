/** Why typed text is not a JSON object, or null (empty text is fine: it means {}). The server checks again. */
export function jsonObjectProblem(text: string): string | null {
  if (text.trim() === "") return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? null : "Settings must be a JSON object ({ ... })";
  } catch (e) {
    return `Settings are not valid JSON: ${(e as Error).message}`;
  }
}
