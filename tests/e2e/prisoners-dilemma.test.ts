import type { Page } from "playwright-core";
import { describeInBrowser, launchBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

const heading = (page: Page) => page.locator("h1").textContent();

describeInBrowser("the prisoner's dilemma, two participants side by side", () => {
  test("waiting participants move on by push, in place, and both see their payoffs", async () => {
    const s = await newSession(server, "prisoners_dilemma", 2);
    const browser = await launchBrowser();
    try {
      const [alice, bob] = [await browser.newPage(), await browser.newPage()];
      await alice.goto(s.urls[0]!);
      await alice.getByRole("heading", { name: "Please wait" }).waitFor();
      // A mark on the page: it survives re-rendering in place, but not a full reload.
      await alice.evaluate(() => ((window as unknown as { mark: string }).mark = "still here"));
      await screenshot(alice, "pd-alice-waiting");

      await bob.goto(s.urls[1]!);
      await bob.getByRole("heading", { name: "Your decision" }).waitFor();
      await alice.getByRole("heading", { name: "Your decision" }).waitFor({ timeout: 10_000 });
      await expect(alice.evaluate(() => (window as unknown as { mark?: string }).mark)).resolves.toBe("still here");

      await alice.getByLabel("Cooperate").check();
      await alice.getByRole("button", { name: "Next" }).click();
      await alice.getByRole("heading", { name: "Please wait" }).waitFor();
      await alice.evaluate(() => ((window as unknown as { mark: string }).mark = "waiting for bob"));
      await bob.getByLabel("Defect").check();
      await screenshot(bob, "pd-bob-deciding");
      await bob.getByRole("button", { name: "Next" }).click();

      await bob.getByRole("heading", { name: "Results" }).waitFor();
      await alice.getByRole("heading", { name: "Results" }).waitFor({ timeout: 10_000 });
      await expect(alice.evaluate(() => (window as unknown as { mark?: string }).mark)).resolves.toBe("waiting for bob");
      await expect(alice.locator("main").textContent()).resolves.toContain("You chose to cooperate; the other participant chose to defect. You earn 0 points.");
      await expect(bob.locator("main").textContent()).resolves.toContain("You chose to defect; the other participant chose to cooperate. You earn 5 points.");
      await screenshot(alice, "pd-alice-results");
      expect(await heading(bob)).toBe("Results");
    } finally {
      await browser.close();
    }
  });
});
