import type { ExportFormat } from "@/lib/data/exports";

/** The export downloads the session page and the sessions list offer, with their link text. */
export const DOWNLOADS: readonly (readonly [ExportFormat, string])[] = [
  ["wide.csv", "Data, one row per player (CSV)"],
  ["long.csv", "Every write with its provenance (CSV)"],
  ["log.jsonl", "Every write with its provenance (JSON Lines)"],
  ["rounds.csv", "Rounds, one row per player per round (CSV)"],
  ["page-times.csv", "Page times, one row per page visit (CSV)"],
  ["dictionary.md", "Data dictionary: what each column means (Markdown)"],
  ["dictionary.csv", "Data dictionary (CSV)"],
  ["chat.csv", "Chat messages, one row per message (CSV)"],
  ["entry.csv", "Entry parameters: recruitment IDs, personal data (CSV)"],
];
