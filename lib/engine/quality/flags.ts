import type { JsonValue, PageDef } from "../../experiment/index.ts";
import type { PageSignals, QualityFlag } from "../../store/columns.ts";

// Which flags a page visit raises. Each is a plain rule a paper can state:
//   paste      text was pasted into a field of the page
//   hidden     the page was hidden or the window left (another tab or window) while on it
//   fast       submitted sooner than the page's minimum time (server clock: shown → submitted)
//   attention  an attention-check field was answered other than expected
//   duplicate  (per player, not per visit) the same browser entered the session before

/** The same JSON value (arrays in order, objects by key). */
function sameValue(a: JsonValue | undefined, b: JsonValue): boolean {
  if (a === undefined) return false;
  const canonical = (v: JsonValue): string =>
    Array.isArray(v) ? `[${v.map(canonical).join(",")}]` : v !== null && typeof v === "object" ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, JsonValue>)[k]!)}`).join(",")}}` : JSON.stringify(v);
  return canonical(a) === canonical(b);
}

/** The attention-check fields of the page answered other than expected, with what their failure leads to. */
export function failedAttentionChecks(page: PageDef, values: Readonly<Record<string, JsonValue>>): { field: string; onFail: "flag" | "screenOut" }[] {
  return Object.entries(page.fields).flatMap(([name, field]) => (field.attention && !sameValue(values[name], field.attention.expected) ? [{ field: name, onFail: field.attention.onFail ?? "flag" }] : []));
}

/**
 * The flags of one visit. Bots raise none (their figures are kept apart). `seconds`: time on the
 * page by the server's clock; `minSeconds`: the page's minimum, or null.
 */
export function visitFlags(signals: PageSignals | null, check: { seconds: number | null; minSeconds: number | null; attentionFailed: boolean }): QualityFlag[] {
  if (signals?.source === "bot") return [];
  const flags: QualityFlag[] = [];
  if (signals && Object.values(signals.paste ?? {}).some((p) => p.count > 0)) flags.push("paste");
  if (signals && (signals.hidden?.count ?? 0) > 0) flags.push("hidden");
  if (check.minSeconds !== null && check.seconds !== null && check.seconds < check.minSeconds) flags.push("fast");
  if (check.attentionFailed) flags.push("attention");
  return flags;
}
