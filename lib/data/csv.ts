import Papa from "papaparse";

/**
 * Cells a spreadsheet would run as a formula get a leading apostrophe (papaparse's
 * escapeFormulae). Its default pattern also catches "-" before a plain number, which would
 * turn every negative payoff into text; a number is no formula, so those stay as they are.
 */
const FORMULA = /^(?:[=+@\t\r]|-(?!\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$))/;

export type Cell = string | number | boolean | null;

/** CSV lines for `rows`, each ending in CRLF (the CSV standard's line break). */
export function csvLines(rows: Cell[][]): string {
  if (rows.length === 0) return "";
  return `${Papa.unparse(rows, { escapeFormulae: FORMULA, newline: "\r\n" })}\r\n`;
}
