import { describeInBrowser, launchBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";
import { runOutDeadlines } from "../helpers/time";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

describeInBrowser("a wait page with a timeout", () => {
  test("the participant waits, sees how long and the time left, and the fallback moves them on", async () => {
    const s = await newSession(server, "lobby", 1);
    const browser = await launchBrowser();
    try {
      // The browser's clock is the test's to move on: no step waits for the time to pass.
      await browser.clock.install();
      const page = await browser.newPage();
      await page.goto(s.urls[0]!);
      await page.getByRole("heading", { name: "Please wait" }).waitFor();
      const clock = page.getByTestId("wait-clock");
      await clock.getByText(/^You have waited 0:0\d$/).waitFor();
      await clock.getByText(/^Time left to wait: (10:00|9:[0-5]\d)$/).waitFor();
      // Three minutes pass in the browser: both clocks follow.
      await page.clock.fastForward("03:00");
      await clock.getByText(/^You have waited 3:0\d$/).waitFor();
      await clock.getByText(/^Time left to wait: (7:00|6:[0-5]\d)$/).waitFor();
      await screenshot(page, "wait-timeout");
      // The time runs out on the server: its sweep applies the fallback (alone: to Solo), and
      // the open page follows the push, with no reload by the participant.
      await runOutDeadlines(server.db, { sessionId: s.id, position: 0 });
      await page.getByRole("heading", { name: "Solo" }).waitFor();
      await page.getByText("Nobody else came: you play on your own.").waitFor();
    } finally {
      await browser.close();
    }
  });
});
