import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import examples from "@/experiments/project";
import { createSession } from "@/lib/engine/sessions";
import { describeInBrowser, launchBrowser, SCREENSHOTS } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

/**
 * The shipped examples' smoke test: a participant with JavaScript switched off plays every
 * example config to its end page, filling each field with a valid value found from the
 * page itself (so the test does not depend on what the examples ask).
 */
let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

async function fillValidly(page: Page) {
  for (const input of await page.locator("input[type=text]").all()) await input.fill("Tester");
  for (const input of await page.locator("input[type=number]").all()) {
    const min = await input.getAttribute("min");
    await input.fill(min ?? "30");
  }
  const radioNames = new Set(await page.locator("input[type=radio]").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name)));
  for (const name of radioNames) await page.locator(`input[type=radio][name="${name}"]`).first().check();
}

describeInBrowser("shipped examples, JavaScript off", () => {
  test.each(Object.keys(examples.configs))("%s plays through to the end page", async (config) => {
    const created = await createSession(server.db, { config, players: 1 }, { byKind: "system" });
    const url = `${server.url}/p/${created.name}/${created.players[0]!.name}/`;
    const browser = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const titles: string[] = [];
      for (let step = 0; step < 100; step++) {
        const title = (await page.locator("h1").textContent()) ?? "";
        titles.push(title);
        await page.screenshot({ path: path.join(SCREENSHOTS, `nojs-${config}-${step}.png`), fullPage: true });
        if (title === "Thank you") break;
        await fillValidly(page);
        await Promise.all([page.waitForURL(url), page.locator("button[type=submit]").click()]);
        expect(await page.locator("[aria-invalid=true]").count()).toBe(0);
      }
      expect(titles[0]).toBe("Welcome");
      expect(titles.at(-1)).toBe("Thank you");
      await expect(page.locator("main").textContent()).resolves.toContain("You have reached the end of this study");
      const player = await server.db.player.findFirstOrThrow({ where: { name: created.players[0]!.name } });
      expect(player.position).toBe(JSON.parse(player.pageOrder).length);
    } finally {
      await browser.close();
    }
  });
});
