import type { Page } from "playwright-core";
import { describeInBrowser, launchBrowser, pressOnPage, screenshot } from "../helpers/browser";
import { englishLeftIn } from "../helpers/english-left";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

const shot = (page: Page, name: string) => screenshot(page, `language-${name}`, { fullPage: true });
/** The browser's own checks (min, max, required) are switched off: the server's messages are the subject. */
const withoutBrowserChecks = (page: Page) => page.locator("form[data-page]").evaluate((form: HTMLFormElement) => (form.noValidate = true));

describeInBrowser("participant pages in German", () => {
  test("a participant with an English browser sees the German config in German: buttons, countdown, validation messages, the app's texts, the end", async () => {
    const s = await newSession(server, "deutsch");
    const url = s.urls[0]!;
    const browser = await launchBrowser({ locale: "en-US" });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.locator("#intro").waitFor();
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("de");
      await expect(page.locator("#intro").textContent()).resolves.toBe("Wählen Sie einen Betrag zwischen 0 und 10.");
      // The countdown island, hydrated by the client bundle, counts in German.
      await page.waitForFunction(() => document.body.dataset.live === "connected");
      await expect(page.getByTestId("countdown").textContent()).resolves.toMatch(/^Verbleibende Zeit auf dieser Seite: \d+:\d\d$/);

      await withoutBrowserChecks(page);
      await page.getByLabel("Betrag / amount").fill("50");
      await pressOnPage(page, "Weiter");
      await expect(page.locator("#field-amount-error").textContent()).resolves.toBe("Bitte geben Sie eine Zahl von höchstens 10 ein.");
      await expect(page.getByLabel("Betrag / amount").getAttribute("aria-invalid")).resolves.toBe("true");
      expect(englishLeftIn(await page.content(), "de")).toEqual([]);
      await shot(page, "de-refused");

      await page.getByLabel("Betrag / amount").fill("7");
      await pressOnPage(page, "Weiter");
      await expect(page.locator("#field-amount-error").textContent()).resolves.toBe("Sieben ist hier nicht erlaubt.");
      await page.getByLabel("Betrag / amount").fill("3");
      await pressOnPage(page, "Weiter");

      await page.getByText("Noch eine Frage.").waitFor();
      await page.getByRole("button", { name: "Zurück" }).waitFor();
      await withoutBrowserChecks(page);
      await pressOnPage(page, "Weiter");
      await expect(page.locator("#field-colour-error").textContent()).resolves.toBe("Bitte wählen Sie eine der Möglichkeiten.");
      await expect(page.getByLabel("Farbe / colour").locator("option").first().textContent()).resolves.toBe("Bitte wählen");
      await shot(page, "de-select");
      await page.getByLabel("Farbe / colour").selectOption({ label: "grün" });
      await pressOnPage(page, "Weiter");

      await page.getByRole("heading", { name: "Vielen Dank" }).waitFor();
      expect(englishLeftIn(await page.content(), "de")).toEqual([]);
      await shot(page, "de-end");
    } finally {
      await browser.close();
    }
  });

  test("a config that follows the browser: a French browser gets French pages and messages", async () => {
    const s = await newSession(server, "browser_language");
    const browser = await launchBrowser({ locale: "fr-FR" });
    try {
      const page = await browser.newPage();
      await page.goto(s.urls[0]!);
      await page.locator("#intro").waitFor();
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("fr");
      await withoutBrowserChecks(page);
      await page.getByLabel("Betrag / amount").fill("");
      await pressOnPage(page, "Suivant");
      await expect(page.locator("#field-amount-error").textContent()).resolves.toBe("Ce champ est obligatoire.");
      await shot(page, "fr-refused");
    } finally {
      await browser.close();
    }
  });
});
