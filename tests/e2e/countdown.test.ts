import { describeInBrowser, launchBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { currentValues, newSession } from "../helpers/sessions";

let server: RunningServer;
// The sweep waits 10 minutes past a deadline here, so it never overtakes the page's own
// auto-submit, however slowly this machine gets the browser to send it.
beforeAll(async () => (server = await startServer({ env: { SPROUT_SWEEP_GRACE_MS: "600000" } })));
afterAll(() => server?.stop());

describeInBrowser("a timed page", () => {
  test("shows the time left, and at zero submits what was entered", async () => {
    const s = await newSession(server, "timed", 1, { settings: { slow: "600" } });
    const browser = await launchBrowser();
    try {
      // The browser's clock is the test's to move on: no step waits for the time to pass.
      await browser.clock.install();
      const page = await browser.newPage();
      await page.goto(s.urls[0]!);
      await page.getByRole("heading", { name: "Quick" }).waitFor();
      await page.getByLabel("Answer").fill("3");
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByRole("heading", { name: "Slow" }).waitFor();
      const timer = page.getByRole("timer");
      // Ten minutes (9:xx: on a busy machine seconds may pass between the move and the page).
      await expect(timer.textContent()).resolves.toMatch(/^Time left on this page: (10:00|9:[0-5]\d)$/);
      await page.getByLabel("x").fill("8");
      // Five minutes pass on the page: the countdown follows.
      await page.clock.fastForward("05:00");
      await timer.filter({ hasText: /^Time left on this page: (5:00|4:[0-5]\d)$/ }).waitFor();
      await screenshot(page, "countdown");
      // The other five pass, on the server too (its deadline is now): with no click, the page
      // submits itself at zero and the next page appears.
      await server.db.deadline.updateMany({ where: { sessionId: s.id, position: 1 }, data: { dueAt: new Date() } });
      await page.clock.fastForward("05:00");
      await page.getByRole("heading", { name: "After" }).waitFor();
      const values = await currentValues(server, s.id, s.players[0]!.name);
      expect(values).toMatchObject({ answer: 3, x: 8 });
      const visit = await server.db.pageVisit.findFirstOrThrow({ where: { sessionId: s.id, position: 1 } });
      expect(visit.leftHow).toBe("timeout");
      // The countdown's own submit carries the page's data-quality signals (docs/data-quality.md), never "fast".
      expect([visit.signalSource, visit.flags]).toEqual(["browser", null]);
    } finally {
      await browser.close();
    }
  });
});
