import type { Page } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import { describeInBrowser, launchBrowser, pressOnPage, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

// Data-quality signals as a participant's browser records them and the admin's monitor shows
// them, live (docs/data-quality.md). The "careful" fixture: Story asks for 600 s (so any
// submit here is too fast), Check has an attention check that screens out.

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

const row = (admin: Page, pname: string) => admin.locator(`tr[data-player="${pname}"]`);
/** Waits until the monitor's quality cell of the player shows this flag's badge (live: no reload). */
const badge = (admin: Page, pname: string, flag: string) => row(admin, pname).locator(`[data-cell="quality"] [data-flag="${flag}"]`).waitFor({ timeout: 10_000 });
const storySignals = async (pname: string) => {
  const visit = await server.db.pageVisit.findFirstOrThrow({ where: { player: { name: pname }, page: "careful/Story" } });
  return { source: visit.signalSource, signals: visit.signals === null ? null : JSON.parse(visit.signals), flags: JSON.parse(visit.flags ?? "[]") };
};

describeInBrowser("data-quality signals from the browser to the monitor", () => {
  test("pasting, switching away and answering too fast are recorded and show as badges live; the same browser twice is flagged; no JavaScript records no signals", async () => {
    const s = await newSession(server, "careful", 3);
    const [a, b, c] = s.players.map((p) => p.name);
    const adminBrowser = await launchBrowser();
    const participant = await launchBrowser();
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    try {
      const admin = await adminBrowser.newPage();
      await admin.goto(autoLoginUrl(server)!);
      await admin.waitForURL(/\/admin\/dashboard\//);
      await admin.goto(`${server.url}/admin/session/${s.name}/`);
      await admin.locator("tr[data-player]").nth(2).waitFor();

      const page = await participant.newPage();
      await page.goto(s.urls[0]!);
      const summary = page.getByLabel("Summarize the story");
      await summary.waitFor();
      // Typed like a person, then a paste (the browser's own paste event, with its clipboard data).
      await summary.pressSequentially("A fox", { delay: 30 });
      await summary.evaluate((el: HTMLTextAreaElement) => {
        const data = new DataTransfer();
        data.setData("text/plain", " jumps over the lazy dog.");
        el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
        el.value += " jumps over the lazy dog.";
      });
      // Away to another window and back.
      await page.evaluate(() => {
        window.dispatchEvent(new Event("blur"));
        window.dispatchEvent(new Event("focus"));
      });
      await pressOnPage(page, "Next");
      await page.getByText("To show you read this, choose blue").waitFor();

      await badge(admin, a!, "paste");
      await badge(admin, a!, "hidden");
      await badge(admin, a!, "fast");
      const recorded = await storySignals(a!);
      expect(recorded.source).toBe("browser");
      expect(recorded.flags).toEqual(["paste", "hidden", "fast"]);
      expect(recorded.signals.paste).toEqual({ summary: { count: 1, chars: 25 } });
      expect(recorded.signals.hidden.count).toBe(1);
      expect(recorded.signals.typing.summary).toMatchObject({ typed: 5, final: 30 });
      expect(recorded.signals.typing.summary.meanKeyMs).toBeGreaterThan(0);
      expect(recorded.signals.firstInputMs).toBeLessThanOrEqual(recorded.signals.ms);
      expect(recorded.signals.window).toEqual({ width: 1100, height: 800 });

      // A failed attention check that screens out: the end page, and the badge.
      await page.getByLabel("red").check();
      await pressOnPage(page, "Next");
      await page.locator('[data-outcome="screenedOut"]').waitFor();
      await badge(admin, a!, "attention");

      // The same browser enters again with another player's link: both are flagged.
      const again = await participant.newPage();
      await again.goto(s.urls[2]!);
      await again.getByLabel("Summarize the story").waitFor();
      await badge(admin, c!, "duplicate");
      await badge(admin, a!, "duplicate");

      // Without JavaScript: the visit records that there were no signals (and, too fast, is flagged).
      const plain = await noScript.newPage();
      await plain.goto(s.urls[1]!);
      await Promise.all([plain.waitForURL(s.urls[1]!), plain.getByRole("button", { name: "Start" }).click()]);
      await plain.getByLabel("Summarize the story").fill("typed without a script");
      await Promise.all([plain.waitForURL(s.urls[1]!), plain.getByRole("button", { name: "Next" }).click()]);
      await plain.getByText("To show you read this, choose blue").waitFor();
      await badge(admin, b!, "fast");
      expect(await storySignals(b!)).toEqual({ source: "none", signals: { source: "none" }, flags: ["fast"] });

      // The filter: only the players with a flag.
      await expect(admin.getByTestId("monitor-flagged").textContent()).resolves.toMatch(/^3\s*flagged$/);
      await admin.getByLabel("Filter by data quality").selectOption("duplicate");
      await admin.locator("tr[data-player]").nth(1).waitFor();
      await expect(admin.locator("tr[data-player]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-player")))).resolves.toEqual([a, c]);
      await screenshot(admin, "quality-monitor", { fullPage: true });

      // The session page's summary follows live (no reload), and the data page's detail.
      await admin.getByTestId("quality-summary").getByText("3 of 3 players flagged").waitFor({ timeout: 10_000 });
      await screenshot(admin, "quality-session-summary", { fullPage: true });
      await admin.goto(`${server.url}/admin/session/${s.name}/data/?quality=${a}`);
      await admin.getByTestId("quality-visits").locator('tr[data-page="careful/Story"]').getByText("pasted into summary 1× (25 chars)").waitFor();
      await screenshot(admin, "quality-data-detail", { fullPage: true });
    } finally {
      await Promise.all([adminBrowser.close(), participant.close(), noScript.close()]);
    }
  });

  test("with the signals switched off the page's script records nothing", async () => {
    const s = await newSession(server, "careful_off", 1);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(s.urls[0]!);
      const summary = page.getByLabel("Summarize the story");
      await summary.waitFor();
      await summary.pressSequentially("typed");
      // What the form sends: no signals field is added.
      const sent = page.waitForRequest((r) => r.method() === "POST");
      await pressOnPage(page, "Next");
      expect((await sent).postData()).not.toContain("_sprout_signals");
      expect(await storySignals(s.players[0]!.name)).toEqual({ source: null, signals: null, flags: ["fast"] });
    } finally {
      await browser.close();
    }
  });
});
