import type { ExportFormat } from "@/lib/data/exports";

/**
 * The export downloads the session page and the sessions list offer: format, link text and the
 * player filter's query (empty for all players; lib/data/exports.ts playerFilterOf).
 */
export const DOWNLOADS: readonly (readonly [ExportFormat, string, string])[] = [
  ["wide.csv", "Data, one row per player (CSV)", ""],
  ["rounds.csv", "Rounds, one row per player per round (CSV)", ""],
  ["rounds.csv", "Rounds of players who finished, without dropouts (CSV)", "dropouts=hide&unfinished=hide"],
  ["groups.csv", "Groups, one row per group per round (CSV)", ""],
  ["sessions.csv", "Sessions, one row per session (CSV)", ""],
  ["long.csv", "Every write with its provenance (CSV)", ""],
  ["log.jsonl", "Every write with its provenance (JSON Lines)", ""],
  ["page-times.csv", "Page times, one row per page visit (CSV)", ""],
  ["dictionary.md", "Data dictionary: what each column means (Markdown)", ""],
  ["dictionary.csv", "Data dictionary (CSV)", ""],
  ["chat.csv", "Chat messages, one row per message (CSV)", ""],
  ["entry.csv", "Entry parameters: recruitment IDs, personal data (CSV)", ""],
];

/** A download's link: `base` is the export folder's path with its own query, if any (e.g. "/admin/export/" and "testing=hide"). */
export function downloadHref(base: string, format: ExportFormat, filter: string, baseQuery = ""): string {
  const query = [baseQuery, filter].filter(Boolean).join("&");
  return `${base}${format}${query ? `?${query}` : ""}`;
}
