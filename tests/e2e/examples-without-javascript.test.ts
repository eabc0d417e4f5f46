import examples from "@/experiments/project";
import { playBot } from "@/lib/bots/bot";
import { describeInBrowser, launchBrowser, screenshot } from "../helpers/browser";
import { fillLikeABot, pageFacts } from "../helpers/fill-form";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

/**
 * The shipped examples' smoke test: a participant with JavaScript switched off plays every
 * example config to its end page in Chromium, entering what the app's bot would (so the test
 * does not depend on what the examples ask). In group games bots take the other seats, and
 * the participant presses Continue on wait pages.
 */
let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

describeInBrowser("shipped examples, JavaScript off", () => {
  test.each(Object.keys(examples.configs))("%s plays through to the end page", async (config) => {
    const seats = Math.max(...examples.configs[config]!.apps.map((a) => a.suggestedMultiple));
    const s = await newSession(server, config, seats);
    const url = s.urls[0]!;
    const others = Promise.all(s.urls.slice(1).map((u, i) => playBot({ url: u, playerIndex: i + 1 })));
    const browser = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      const states: string[] = [];
      for (let step = 0; step < 200; step++) {
        const { state } = await pageFacts(page);
        states.push(state);
        await screenshot(page, `nojs-${config}-${step}`, { fullPage: true });
        if (state === "end") break;
        const waiting = (await page.locator("form[data-wait]").count()) > 0;
        if (state === "page" && !waiting) await fillLikeABot(page);
        const button = state === "start" ? "Start" : waiting ? "Continue" : "Next";
        await Promise.all([page.waitForURL(url), page.getByRole("button", { name: button }).click()]);
        if (waiting) await page.waitForTimeout(200);
        expect(await page.locator("[aria-invalid=true]").count()).toBe(0);
      }
      await others;
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
