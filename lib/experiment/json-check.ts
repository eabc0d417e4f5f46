/** Why `value` is not plain JSON, or null when it is. */
export function jsonProblemOf(value: unknown, at = "value"): string | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isFinite(value) ? null : `${at} is ${value}, which JSON cannot store`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = jsonProblemOf(value[i], `${at}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      const p = jsonProblemOf(v, `${at}.${k}`);
      if (p) return p;
    }
    return null;
  }
  const kind = value === undefined ? "undefined" : typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value;
  return `${at} is ${kind}; values are plain JSON (null, booleans, finite numbers, strings, arrays, plain objects)`;
}
