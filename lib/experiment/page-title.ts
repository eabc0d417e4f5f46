import type { PageDef } from "./app.ts";

/**
 * A page name as a heading: words split at capitals, digits and underscores, all but the
 * first lower-cased ("WaitForPartner" → "Wait for partner"); words in capitals stay
 * ("ReadTheFAQ" → "Read the FAQ").
 */
export function readableName(name: string): string {
  const words = name
    .replace(/_+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .trim()
    .split(/\s+/);
  return words.map((w, i) => (i > 0 && /^[A-Z][a-z]/.test(w) ? w.toLowerCase() : i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(" ");
}

/** What the participant sees as the page's heading and browser title: its title, else its name made readable. */
export function pageTitle(page: Pick<PageDef, "name" | "title">): string {
  return page.title ?? readableName(page.name);
}
