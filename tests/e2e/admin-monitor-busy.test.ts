import type { BrowserContext } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import { describeInBrowser, launchBrowser, screenshot } from "../helpers/browser";
import { submitCurrent } from "../helpers/participant";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

const PLAYERS = 1000;
const CONCURRENCY = 40;

let server: RunningServer;
let browser: BrowserContext;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Runs `work` for every item, `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

describeInBrowser("the monitor with 1,000 players moving at once", () => {
  test("shows a bot's move within seconds and still answers clicks", async () => {
    const s = await newSession(server, "basics", PLAYERS);
    const admin = await browser.newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    await expect(admin.locator("tr[data-player]").count()).resolves.toBe(PLAYERS);

    // Every bot starts (a page move each), 40 requests in flight at a time.
    const moved = new Map<string, number>();
    const bots = pool(s.urls, CONCURRENCY, async (url) => {
      await submitCurrent(url);
      moved.set(url, Date.now());
    });

    // While they move: a click on a row still selects it, promptly.
    const clickRow = async (index: number) => {
      const row = admin.locator("tr[data-player]").nth(index);
      await row.locator('[data-cell="page"]').click();
      await admin.locator("tr[data-player][aria-selected=true]").nth(0).waitFor({ timeout: 2_000 });
    };
    await new Promise((r) => setTimeout(r, 1_000));
    await clickRow(5);
    await bots;

    // The last bot's move shows in the monitor within a few seconds of its request.
    const last = [...moved.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const pname = last[0].split("/").at(-2)!;
    await admin.locator(`tr[data-player="${pname}"] [data-cell="page"]`).filter({ hasText: "basics/Intro" }).waitFor({ timeout: 5_000 });
    await admin.getByTestId("monitor-counts").filter({ hasText: `${PLAYERS} started` }).waitFor({ timeout: 5_000 });
    expect(await admin.locator('tr[data-player] [data-cell="page"]', { hasText: "basics/Intro" }).count()).toBe(PLAYERS);
    await screenshot(admin, "admin-monitor-1000");
  });
});
