import { describeInBrowser, launchBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { currentValues, newSession } from "../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

describeInBrowser("a timed page", () => {
  test("shows the time left, and at zero submits what was entered", async () => {
    const s = await newSession(server, "timed", 1, { settings: { slow: "4" } });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(s.urls[0]!);
      await page.getByRole("heading", { name: "Quick" }).waitFor();
      // Quick has 1.5 s: answer it in time.
      await page.getByLabel("Answer").fill("3");
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByRole("heading", { name: "Slow" }).waitFor();
      const timer = page.getByRole("timer");
      await expect(timer.textContent()).resolves.toMatch(/^Time left on this page: 0:0[34]$/);
      await page.getByLabel("x").fill("8");
      await screenshot(page, "countdown");
      // No click: the page submits itself at zero and the next page appears.
      await page.getByRole("heading", { name: "After" }).waitFor({ timeout: 10_000 });
      const values = await currentValues(server, s.id, s.players[0]!.name);
      expect(values).toMatchObject({ answer: 3, x: 8 });
      const visit = await server.db.pageVisit.findFirstOrThrow({ where: { sessionId: s.id, position: 1 } });
      expect(visit.leftHow).toBe("timeout");
      expect(visit.leftAt!.getTime() - visit.enteredAt.getTime()).toBeGreaterThanOrEqual(3000);
    } finally {
      await browser.close();
    }
  });
});
