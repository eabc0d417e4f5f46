import { en } from "@/lib/i18n/en";
import { sproutMessages } from "@/lib/i18n";
import type { Locale } from "@/lib/i18n";

// Finds Sprout's English texts in a page that should be in another language: each English
// catalogue text (cut at its {placeholders}) whose translation differs, as a whole phrase
// (letters on neither side, case as written), in the page's HTML with its entities decoded.

const decode = (html: string) =>
  html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The English phrases of Sprout's catalogue found in `html` (none where all is translated into `locale`). */
export function englishLeftIn(html: string, locale: Locale): string[] {
  const text = decode(html);
  const found: string[] = [];
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    if (sproutMessages.t(locale, key as "form.next") === en[key]) continue; // the same word in both ("OK")
    for (const fragment of en[key].split(/\{[A-Za-z_]+\}/)) {
      const phrase = fragment.trim();
      // A short piece between placeholders ("in" of "at most {n} in {s} seconds") can be a word of the other language too.
      const letters = (phrase.match(/[A-Za-z]/g) ?? []).length;
      if (letters < 2 || (letters < 4 && phrase !== en[key])) continue;
      if (new RegExp(`(^|[^\\p{L}])${escapeRegExp(phrase)}($|[^\\p{L}])`, "u").test(text)) found.push(`${key}: ${phrase}`);
    }
  }
  return found;
}

/** The visible texts of an HTML page (text between tags, titles, placeholders, labels for screen readers). */
export function textsOf(html: string): string[] {
  // Scripts are code (englishLeftIn reads the texts they show).
  const text = decode(html.replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/g, ""));
  const between = [...text.matchAll(/>([^<]+)</g)].map((m) => m[1]!.trim());
  const attributes = [...text.matchAll(/\s(?:title|placeholder|aria-label)="([^"]*)"/g)].map((m) => m[1]!.trim());
  return [...between, ...attributes].filter((s) => /\p{L}{2}/u.test(s));
}
