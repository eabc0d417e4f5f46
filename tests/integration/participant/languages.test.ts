import { englishLeftIn } from "../../helpers/english-left";
import { fieldError, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

// Participant pages in the config's language (fixture configs "deutsch": German, and
// "browser_language": the browser's among en, de, fr, es), through the real server on either
// database: the page, Sprout's validation messages, the app's own texts and the room's pages.

type Page = { status: number; html: string; lang: string | null; heading: string; position: number | null };

async function visit(url: string, acceptLanguage?: string): Promise<Page> {
  const res = await fetch(url, { redirect: "manual", headers: acceptLanguage ? { "accept-language": acceptLanguage } : {} });
  const html = await res.text();
  const position = /name="_position" value="(-?\d+)"/.exec(html)?.[1];
  return { status: res.status, html, lang: /<html lang="([^"]*)"/i.exec(html)?.[1] ?? null, heading: text(/<h1[^>]*>(.*?)<\/h1>/s.exec(html)?.[1] ?? ""), position: position === undefined ? null : Number(position) };
}

/** Submits the page shown now with `data` (as the browser with that language would), then shows the page it leads to. */
async function submit(url: string, data: Record<string, string>, acceptLanguage?: string): Promise<Page> {
  const { position } = await visit(url, acceptLanguage);
  const body = new URLSearchParams({ _position: String(position), ...data });
  const res = await fetch(`${url}submit/`, { method: "POST", body, redirect: "manual", headers: acceptLanguage ? { "accept-language": acceptLanguage } : {} });
  expect(res.status).toBe(303);
  return visit(url, acceptLanguage);
}

const buttons = (html: string) => [...html.matchAll(/<button[^>]*>(.*?)<\/button>/gs)].map((m) => text(m[1]!).trim());

test("a config in German: every page, Sprout's validation messages and the app's own texts are German, whatever the browser asks for", async () => {
  const s = await newSession(server, "deutsch");
  const url = s.urls[0]!;
  const start = await visit(url, "en-US,en");
  expect([start.status, start.lang, start.heading, buttons(start.html)]).toEqual([200, "de", "Willkommen", ["Starten"]]);
  expect(englishLeftIn(start.html, "de")).toEqual([]);

  const offer = await submit(url, {}, "en-US,en");
  expect([offer.lang, buttons(offer.html)]).toEqual(["de", ["Weiter"]]);
  expect(text(/<p id="intro"[^>]*>(.*?)<\/p>/s.exec(offer.html)![1]!)).toBe("Wählen Sie einen Betrag zwischen 0 und 10.");
  expect(offer.html).toContain('data-locale="de"');
  expect(text(offer.html)).toContain("Verbleibende Zeit auf dieser Seite: 10:00");

  // Sprout's own check of the field's bounds, then the app's own rule (its defineMessages text).
  const tooMuch = await submit(url, { amount: "50" });
  expect(fieldError(tooMuch.html, "amount")).toBe("Bitte geben Sie eine Zahl von höchstens 10 ein.");
  expect(fieldError((await submit(url, { amount: "x" })).html, "amount")).toBe("Bitte geben Sie eine ganze Zahl ein.");
  const seven = await submit(url, { amount: "7" });
  expect(fieldError(seven.html, "amount")).toBe("Sieben ist hier nicht erlaubt.");
  expect(englishLeftIn(seven.html, "de")).toEqual([]);

  const second = await submit(url, { amount: "3" });
  expect(buttons(second.html)).toEqual(["Weiter", "Zurück"]);
  expect(second.html).toContain("Noch eine Frage.");
  expect(second.html).toContain(">Bitte wählen</option>");
  const unchosen = await submit(url, {});
  expect(fieldError(unchosen.html, "colour")).toBe("Bitte wählen Sie eine der Möglichkeiten.");
  expect(englishLeftIn(unchosen.html, "de")).toEqual([]);

  const end = await submit(url, { colour: "1" });
  expect([end.lang, end.heading]).toEqual(["de", "Vielen Dank"]);
  expect(text(end.html)).toContain("Sie haben das Ende dieser Studie erreicht. Sie können diese Seite jetzt schließen.");
  expect(englishLeftIn(end.html, "de")).toEqual([]);
});

test("a config that follows the browser: each request in the browser's language among Sprout's, else English; the app's texts fall back to English", async () => {
  const s = await newSession(server, "browser_language");
  const url = s.urls[0]!;
  expect((await visit(url, "fr-CH, fr;q=0.9, en;q=0.5")).lang).toBe("fr");
  expect((await visit(url, "es")).heading).toBe("Bienvenida");
  expect((await visit(url, "ja")).lang).toBe("en");
  expect((await visit(url)).lang).toBe("en");

  const offer = await submit(url, {}, "fr-FR");
  expect([offer.lang, buttons(offer.html)]).toEqual(["fr", ["Suivant"]]);
  // The app has English and German only: French falls back to English.
  expect(text(/<p id="intro"[^>]*>(.*?)<\/p>/s.exec(offer.html)![1]!)).toBe("Choose an amount between 0 and 10.");
  const refused = await submit(url, { amount: "-1" }, "fr-FR");
  expect(fieldError(refused.html, "amount")).toBe("Veuillez saisir un nombre supérieur ou égal à 0.");
  const german = await submit(url, { amount: "7" }, "de-AT");
  expect([german.lang, fieldError(german.html, "amount")]).toEqual(["de", "Sieben ist hier nicht erlaubt."]);
});

test("a room of a German config: its access-code form and its refusal are German", async () => {
  const ask = await visit(`${server.url}/room/fixture_deutsch/`);
  expect([ask.status, ask.lang, ask.heading]).toEqual([200, "de", "Willkommen"]);
  expect(ask.html).toContain("Bitte geben Sie Ihren Zugangscode ein.");
  const res = await fetch(`${server.url}/room/fixture_deutsch/`, { method: "POST", body: new URLSearchParams({ label: "WRONG" }), redirect: "manual" });
  const html = await res.text();
  expect(res.status).toBe(400);
  expect(text(html)).toContain("Der Zugangscode „WRONG“ gilt nicht für diese Studie.");
  expect(englishLeftIn(html, "de")).toEqual([]);
});

test("pages of no config (not found) are in the project's language: English here, whatever the browser asks for", async () => {
  const missing = await visit(`${server.url}/p/no-such-session/no-such-player/`, "de");
  expect([missing.status, missing.lang, missing.heading]).toEqual([404, "en", "Page not found"]);
});
