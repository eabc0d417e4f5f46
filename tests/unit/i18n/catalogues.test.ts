import { de } from "@/lib/i18n/de";
import { en } from "@/lib/i18n/en";
import { es } from "@/lib/i18n/es";
import { fr } from "@/lib/i18n/fr";
import { browserLocale, chooseLocale, LOCALES, sproutMessages, t } from "@/lib/i18n";
import { cataloguesProblem, defineMessages } from "@/lib/i18n/messages";
import { choicesOf, consentPage } from "@/lib/experiment";

const translations = { de, fr, es };
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("Sprout ships English, German, French and Spanish", () => {
  expect([...LOCALES]).toEqual(["en", "de", "fr", "es"]);
  expect(sproutMessages.locales).toEqual(["en", "de", "fr", "es"]);
});

describe.each(Object.entries(translations))("the %s catalogue", (_, catalogue) => {
  test("has every English key and no other", () => {
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
  });
  test("has the same {placeholders} as English in every text, and no empty text", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect([key, placeholders(catalogue[key])]).toEqual([key, placeholders(en[key])]);
      expect(catalogue[key].trim()).not.toBe("");
    }
  });
  test("is translated: most texts differ from English", () => {
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((key) => catalogue[key] === en[key]);
    // Words that are the same in both languages ("OK", "Messages" in French) are few.
    expect(same.length).toBeLessThanOrEqual(2);
  });
});

test("the catalogue check finds a missing key, an extra key and a changed placeholder", () => {
  const english = { a: "Hello {name}", b: "Bye" };
  expect(cataloguesProblem({ en: english, de: { a: "Hallo {name}", b: "Tschüss" } })).toBeNull();
  expect(cataloguesProblem({ en: english, de: { a: "Hallo {name}" } })).toBe('messages.de lacks "b"');
  expect(cataloguesProblem({ en: english, de: { a: "Hallo {name}", b: "Tschüss", c: "Extra" } })).toBe('messages.de has "c", which the English catalogue does not');
  expect(cataloguesProblem({ en: english, de: { a: "Hallo {nom}", b: "Tschüss" } })).toBe("messages.de.a has the placeholders {nom} where English has {name}");
  expect(cataloguesProblem({ en: english, it: { a: "Ciao {name}", b: "Ciao" } })).toBe('messages: "it" is not a supported language (en, de, fr, es)');
  expect(cataloguesProblem({ de: { a: "x" } })).toMatch(/need an English catalogue/);
});

test("defineMessages refuses catalogues that do not fit at load, and falls back to English for a language it lacks", () => {
  expect(() => defineMessages({ en: { a: "A" }, de: {} as { a: string } })).toThrow('messages.de lacks "a"');
  const m = defineMessages({ en: { hi: "Hello {who}", bye: "Bye" }, de: { hi: "Hallo {who}", bye: "Tschüss" } });
  expect(m.t("de", "hi", { who: "Ana" })).toBe("Hallo Ana");
  expect(m.t("fr", "hi", { who: "Ana" })).toBe("Hello Ana");
  expect(m.in("de")("bye")).toBe("Tschüss");
  expect(m.locales).toEqual(["en", "de"]);
});

test("t fills placeholders (each one, every time it occurs) and leaves text without them alone", () => {
  expect(t("de", "form.next")).toBe("Weiter");
  expect(t("fr", "field.atLeast", { min: 3 })).toBe("Veuillez saisir un nombre supérieur ou égal à 3.");
  expect(t("es", "field.stepsFrom", { step: 5, min: 10 })).toBe("Por favor, introduzca un valor en pasos de 5 a partir de 10.");
  expect(t("en", "chat.you", { name: "{x}" })).toBe("{x} (you)");
});

test("the browser's language: the best-weighted one Sprout has, regions ignored, else none", () => {
  expect(browserLocale("de-CH,de;q=0.9,en;q=0.8")).toBe("de");
  expect(browserLocale("it-IT,it;q=0.9,fr;q=0.7,en;q=0.5")).toBe("fr");
  expect(browserLocale("en;q=0.2, es;q=0.8")).toBe("es");
  expect(browserLocale("nl, fr;q=0")).toBeNull();
  expect(browserLocale("*")).toBeNull();
  expect(browserLocale("")).toBeNull();
  expect(browserLocale(null)).toBeNull();
  expect(browserLocale(";;;,q=,de;q=abc")).toBe("de");
});

test("a page's language: the setting's, or for 'browser' the browser's, else the fallback", () => {
  expect(chooseLocale("fr", "de")).toBe("fr");
  expect(chooseLocale("browser", "es-MX")).toBe("es");
  expect(chooseLocale("browser", "ja", "de")).toBe("de");
  expect(chooseLocale("browser", null)).toBe("en");
  expect(chooseLocale(undefined, "de")).toBe("en");
});

test("the ready consent page's default words come in the language it is given", () => {
  const german = consentPage({ text: "Text", language: "de" });
  expect(german.title).toBe("Einwilligung");
  expect(german.fields.consent!.label).toBe("Sind Sie einverstanden, an dieser Studie teilzunehmen?");
  expect(choicesOf(german.fields.consent as Parameters<typeof choicesOf>[0]).map(([, label]) => label)).toEqual(["Ich bin einverstanden", "Ich bin nicht einverstanden"]);
  expect(consentPage({ text: "Text" }).title).toBe("Consent");
});
