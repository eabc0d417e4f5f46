// The languages participant pages come in, and how a page picks one. Pure: no I/O, nothing of
// ours imported, so the authoring API (lib/experiment) and the engine can both use it.

/** The languages Sprout's own participant texts are translated into (English is the source). */
export const LOCALES = ["en", "de", "fr", "es"] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * A config's (or the project's) `language`: one of LOCALES for every participant, or
 * "browser": the participant's browser's preferred language among LOCALES (its Accept-Language),
 * else the project's fixed language, else English.
 */
export type LanguageSetting = Locale | "browser";

export const isLocale = (value: unknown): value is Locale => typeof value === "string" && (LOCALES as readonly string[]).includes(value);

/** Why `value` is no language setting (one line, for the project file's error), or null. */
export function languageProblem(value: unknown): string | null {
  if (value === "browser" || isLocale(value)) return null;
  return `language ${JSON.stringify(value)} is not supported: use one of ${LOCALES.map((l) => `"${l}"`).join(", ")} or "browser" (the participant's browser chooses among those)`;
}

/**
 * The first of the browser's languages (an Accept-Language header, by its q weights) that
 * Sprout has, or null. "de-CH" counts as "de"; "*" and unknown ones are skipped.
 */
export function browserLocale(acceptLanguage: string | null | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const ranked = acceptLanguage
    .split(",")
    .slice(0, 32)
    .map((part, index) => {
      const [tag = "", ...rest] = part.trim().split(";");
      const q = rest.map((r) => /^\s*q=([\d.]+)\s*$/.exec(r)).find(Boolean);
      return { base: tag.trim().toLowerCase().split("-")[0]!, q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.q > 0 && isLocale(r.base))
    // Stable: equal weights keep the header's order.
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked[0]?.base as Locale | undefined) ?? null;
}

/** The language a page is shown in: the setting's, or (for "browser") the browser's, else `fallback`. */
export function chooseLocale(setting: LanguageSetting | undefined, acceptLanguage: string | null | undefined, fallback: Locale = "en"): Locale {
  if (setting === undefined) return fallback;
  if (setting !== "browser") return setting;
  return browserLocale(acceptLanguage) ?? fallback;
}
