import type { Cell } from "./csv.ts";
import { pageSignalsColumn, qualityFlagsColumn } from "../store/columns.ts";

// The data-quality columns the exports add when asked (?quality=1; docs/data-quality.md):
// per page visit in page-times.csv, the flags per player in wide.csv and per round in rounds.csv.

/** page-times.csv's extra columns, each explained in the data dictionary (lib/data/dictionary.ts). */
export const VISIT_QUALITY_COLUMNS = [
  "signals", "flags", "browserSeconds", "firstInputSeconds", "pastes", "pastedChars", "hiddenCount", "hiddenSeconds", "typedChars", "finalChars", "meanKeyMs", "windowWidth", "windowHeight", "pointer",
] as const;

const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : Math.round(ms) / 1000);
const sum = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0));

/** A flags column as a cell: the flags separated by spaces, empty for none. */
export const flagsCell = (stored: string | null): string => (stored === null ? "" : qualityFlagsColumn.read(stored).join(" "));

/** One visit's quality cells, in VISIT_QUALITY_COLUMNS order; empty where nothing was recorded. */
export function visitQualityCells(signalsText: string | null, flagsText: string | null): Cell[] {
  if (signalsText === null) return [null, flagsCell(flagsText), ...VISIT_QUALITY_COLUMNS.slice(2).map(() => null)];
  const s = pageSignalsColumn.read(signalsText);
  const pastes = Object.values(s.paste ?? {});
  const typing = Object.values(s.typing ?? {});
  const keyed = typing.filter((t) => t.meanKeyMs !== null);
  // The mean interval over the page's fields, weighted by each field's keys.
  const keyWeight = keyed.reduce((a, t) => a + Math.max(t.typed - 1, 1), 0);
  const meanKeyMs = keyed.length === 0 ? null : Math.round(keyed.reduce((a, t) => a + t.meanKeyMs! * Math.max(t.typed - 1, 1), 0) / keyWeight);
  return [
    s.source, flagsCell(flagsText), seconds(s.ms), seconds(s.firstInputMs), sum(pastes.map((p) => p.count)), sum(pastes.map((p) => p.chars)),
    s.hidden?.count ?? null, seconds(s.hidden?.ms), sum(typing.map((t) => t.typed)), sum(typing.map((t) => t.final)), meanKeyMs, s.window?.width ?? null, s.window?.height ?? null, s.pointer ?? null,
  ];
}

/** What each quality column holds, for the data dictionary. */
export const QUALITY_COLUMN_DESCRIPTIONS: readonly [string, string][] = [
  ["quality", "wide.csv with ?quality=1: the data-quality flags the player raised (paste, hidden, fast, attention, duplicate), separated by spaces"],
  ["qualityFlags", "rounds.csv with ?quality=1: the flags the player's pages of that round raised"],
  ["signals", "page-times.csv with ?quality=1: where the visit's signals came from: browser, none (no JavaScript), bot, invalid; empty when not recorded"],
  ["flags", "page-times.csv with ?quality=1: the flags the visit raised (paste, hidden, fast, attention)"],
  ["browserSeconds", "page-times.csv with ?quality=1: time on the page by the browser's clock"],
  ["firstInputSeconds", "page-times.csv with ?quality=1: from the page being shown to the first input"],
  ["pastes", "page-times.csv with ?quality=1: how many pastes into the page's fields"],
  ["pastedChars", "page-times.csv with ?quality=1: characters pasted in all (the text itself is never recorded)"],
  ["hiddenCount", "page-times.csv with ?quality=1: how often the page was hidden or the window left"],
  ["hiddenSeconds", "page-times.csv with ?quality=1: for how long in all"],
  ["typedChars", "page-times.csv with ?quality=1: characters typed into the page's text fields"],
  ["finalChars", "page-times.csv with ?quality=1: the text fields' length when submitted"],
  ["meanKeyMs", "page-times.csv with ?quality=1: mean milliseconds between typed characters"],
  ["windowWidth", "page-times.csv with ?quality=1: the window's inner width (CSS pixels)"],
  ["windowHeight", "page-times.csv with ?quality=1: the window's inner height (CSS pixels)"],
  ["pointer", "page-times.csv with ?quality=1: the pointer used (mouse, touch, pen; none)"],
];
