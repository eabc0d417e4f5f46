import { de } from "./de.ts";
import { en, type SproutMessages } from "./en.ts";
import { es } from "./es.ts";
import { fr } from "./fr.ts";
import { defineMessages, type Translate } from "./messages.ts";

// Sprout's own participant texts, in every language it ships. Pure (no I/O), so the authoring
// API, the engine, the server-rendered pages and the participant's client bundle all use it.

export { LOCALES, browserLocale, chooseLocale, isLocale, languageProblem, type LanguageSetting, type Locale } from "./locale.ts";
export type { SproutMessages };

export const sproutMessages = defineMessages<SproutMessages>({ en, de, fr, es });

/** A Sprout text: `t("de", "form.next")`, `t(locale, "wait.waited", { time })`. */
export const t = sproutMessages.t;

/** Sprout's texts in one language, to hand to a component. */
export type SproutT = Translate<SproutMessages>;
export const textsIn = (locale: import("./locale.ts").Locale): SproutT => sproutMessages.in(locale);
