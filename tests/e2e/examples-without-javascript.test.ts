import fs from "node:fs";
import path from "node:path";
import examples from "@/experiments/project";
import { describeInBrowser, launchBrowser, SCREENSHOTS } from "../helpers/browser";
import { fillLikeABot, pageFacts } from "../helpers/fill-form";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

/**
 * The shipped examples' smoke test: a participant with JavaScript switched off plays every
 * example config to its end page in Chromium, entering what the app's bot would (so the test
 * does not depend on what the examples ask).
 */
let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

describeInBrowser("shipped examples, JavaScript off", () => {
  test.each(Object.keys(examples.configs))("%s plays through to the end page", async (config) => {
    const s = await newSession(server, config);
    const url = s.urls[0]!;
    const browser = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const states: string[] = [];
      for (let step = 0; step < 100; step++) {
        const { state } = await pageFacts(page);
        states.push(state);
        await page.screenshot({ path: path.join(SCREENSHOTS, `nojs-${config}-${step}.png`), fullPage: true });
        if (state === "end") break;
        if (state === "page") await fillLikeABot(page);
        await Promise.all([page.waitForURL(url), page.getByRole("button", { name: state === "start" ? "Start" : "Next" }).click()]);
        expect(await page.locator("[aria-invalid=true]").count()).toBe(0);
      }
      expect(states[0]).toBe("start");
      expect(states.at(-1)).toBe("end");
      await expect(page.locator("main").textContent()).resolves.toContain("You have reached the end of this study");
      const player = await server.db.player.findFirstOrThrow({ where: { sessionId: s.id } });
      expect(player.position).toBe(JSON.parse(player.pageOrder).length);
    } finally {
      await browser.close();
    }
  });
});
