// Room labels (access codes): what a valid one looks like and how a list of them is read.
// Shared by the project file's rooms, the admin's room forms and the participant's join.

export const MAX_LABEL_LENGTH = 128;
export const LABEL_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/** Why a list of labels is not allowed (the first problem), or null. */
export function labelListProblem(labels: readonly unknown[]): string | null {
  const seen = new Set<string>();
  for (const label of labels) {
    if (typeof label !== "string" || !LABEL_PATTERN.test(label)) {
      return `Label "${String(label).slice(0, 40)}" is not allowed: use 1-${MAX_LABEL_LENGTH} letters, digits, '.', '_' or '-'`;
    }
    if (seen.has(label)) return `Label "${label}" is listed twice`;
    seen.add(label);
  }
  return null;
}

/**
 * Labels from text: one per line, blank lines and `#` comments skipped, surrounding spaces
 * trimmed, repeats dropped, order kept. Use it for a label file in the project:
 * @example rooms: { lab: { config: "hello", labels: parseLabels(fs.readFileSync("labels.txt", "utf8")) } }
 */
export function parseLabels(text: string): string[] {
  const labels = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const label = line.replace(/#.*/, "").trim();
    if (label) labels.add(label);
  }
  return [...labels];
}

/**
 * What a participant typed or a link carried, as a label: trimmed, "" for none, and null when
 * it is not a valid label. Never rewritten, so a mistyped code cannot match another one.
 */
export function readLabel(raw: unknown): string | null {
  const text = typeof raw === "string" ? raw.trim() : "";
  return text === "" || LABEL_PATTERN.test(text) ? text : null;
}
