import { LOCALES, type Locale } from "./locale.ts";

// Message catalogues: one object of texts per language, English the source of the keys. Sprout's
// own participant texts (lib/i18n/en.ts …) and an app's (defineMessages in its own file) are
// made the same way. A text may hold {placeholders}, filled from the params of t().

/** The {name}s of a text, as a union of names (never when it has none). */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
/** t()'s params for a text: none when it has no placeholders, else a value for each. */
export type MessageParams<S extends string> = [Placeholders<S>] extends [never] ? [] : [params: Readonly<Record<Placeholders<S>, string | number>>];

/** A translation of the English catalogue E: every key, nothing else. */
export type Translation<E extends Readonly<Record<string, string>>> = { readonly [K in keyof E]: string };

/** The catalogues of an app (or of Sprout): English required, the other languages optional. */
export type Catalogues<E extends Readonly<Record<string, string>>> = { readonly en: E } & { readonly [L in Exclude<Locale, "en">]?: Translation<E> };

/** A text in a language: `t("greeting", { name })`. */
export type Translate<E extends Readonly<Record<string, string>>> = <K extends keyof E & string>(key: K, ...params: MessageParams<E[K]>) => string;

export interface Messages<E extends Readonly<Record<string, string>>> {
  /** The text `key` in `locale` (English where the catalogue has no such language), its placeholders filled. */
  t<K extends keyof E & string>(locale: Locale, key: K, ...params: MessageParams<E[K]>): string;
  /** t() for one language, to pass around: `const t = messages.in(locale)`. */
  in(locale: Locale): Translate<E>;
  /** The languages these catalogues have. */
  readonly locales: readonly Locale[];
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const placeholdersOf = (text: string) => new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));

/** Why the catalogues do not fit together (the first problem), or null. */
export function cataloguesProblem(catalogues: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>): string | null {
  const en = catalogues.en;
  if (!en || typeof en !== "object") return "messages need an English catalogue (en): its keys are the ones every language has";
  for (const [locale, catalogue] of Object.entries(catalogues)) {
    if (!(LOCALES as readonly string[]).includes(locale)) return `messages: "${locale}" is not a supported language (${LOCALES.join(", ")})`;
    if (catalogue === undefined) continue;
    for (const [key, text] of Object.entries(catalogue)) {
      if (typeof text !== "string") return `messages.${locale}.${key} must be a text`;
      if (!Object.hasOwn(en, key)) return `messages.${locale} has "${key}", which the English catalogue does not`;
      const want = [...placeholdersOf(en[key] as string)].sort().join(", ");
      const got = [...placeholdersOf(text)].sort().join(", ");
      if (want !== got) return `messages.${locale}.${key} has the placeholders {${got}} where English has {${want}}`;
    }
    const missing = Object.keys(en).find((key) => !Object.hasOwn(catalogue, key));
    if (missing) return `messages.${locale} lacks "${missing}"`;
  }
  return null;
}

function fill(text: string, params: Readonly<Record<string, string | number>> | undefined): string {
  return params ? text.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole)) : text;
}

/**
 * Catalogues of texts in several languages, checked when the module loads (every language has
 * every English key and the same placeholders). English is required and is used for a language
 * a catalogue lacks.
 * @example
 * const messages = defineMessages({
 *   en: { offer: "You offer {amount} points." },
 *   de: { offer: "Sie bieten {amount} Punkte an." },
 * });
 * // in render: ({ locale }) => <p>{messages.t(locale, "offer", { amount: 5 })}</p>
 */
export function defineMessages<const E extends Readonly<Record<string, string>>>(catalogues: Catalogues<E>): Messages<E> {
  const problem = cataloguesProblem(catalogues as Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>);
  if (problem) throw new Error(problem);
  const table = catalogues as unknown as Readonly<Partial<Record<Locale, Readonly<Record<string, string>>>>>;
  const t = (locale: Locale, key: string, params?: Readonly<Record<string, string | number>>) => fill((table[locale] ?? catalogues.en)[key] ?? key, params);
  return {
    t: t as Messages<E>["t"],
    in: (locale) => ((key: string, params?: Readonly<Record<string, string | number>>) => t(locale, key, params)) as Translate<E>,
    locales: LOCALES.filter((l) => table[l] !== undefined),
  };
}
