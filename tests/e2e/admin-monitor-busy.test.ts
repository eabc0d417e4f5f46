import type { BrowserContext } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import { describeInBrowser, launchBrowser, screenshot } from "../helpers/browser";
import { submitCurrent } from "../helpers/participant";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

// What the monitor does while many players move at once. How fast it does it (1,000 players,
// on this machine) is measured by `npx tsx tests/bench/monitor.ts`, not checked here: no step
// below has a deadline of its own, so a slow machine only makes it take longer.
const PLAYERS = 60;
const CONCURRENCY = 10;

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

describeInBrowser("the monitor while many players move at once", () => {
  test("a session of 1,000 players opens with every row", async () => {
    const s = await newSession(server, "basics", 1000);
    const admin = await browser.newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    expect((await admin.goto(`${server.url}/admin/session/${s.name}/`))?.status()).toBe(200);
    // The rows come over the admin socket, just after the page.
    await admin.locator("tr[data-player]").nth(999).waitFor();
    await expect(admin.locator("tr[data-player]").count()).resolves.toBe(1000);
    await admin.close();
  });

  test("shows every bot's move live, answers clicks meanwhile, and keeps the selection through the updates", async () => {
    const s = await newSession(server, "basics", PLAYERS);
    const admin = await browser.newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    await admin.locator("tr[data-player]").nth(PLAYERS - 1).waitFor();
    await expect(admin.locator("tr[data-player]").count()).resolves.toBe(PLAYERS);
    const row = (pname: string) => admin.locator(`tr[data-player="${pname}"]`);
    const showsIntro = (pname: string) => row(pname).locator('[data-cell="page"]').filter({ hasText: "basics/Intro" }).waitFor();

    // The first half start (a page move each), 10 requests in flight at a time; each move shows.
    const names = s.players.map((p) => p.name);
    const half = PLAYERS / 2;
    await pool(s.urls.slice(0, half), CONCURRENCY, (url) => submitCurrent(url).then(() => undefined));
    await showsIntro(names[half - 1]!);

    // The second half starts; meanwhile a click selects the last of them.
    const rest = pool(s.urls.slice(half), CONCURRENCY, (url) => submitCurrent(url).then(() => undefined));
    const chosen = names.at(-1)!;
    await row(chosen).locator('[data-cell="progress"]').click();
    await admin.locator(`tr[data-player="${chosen}"][aria-selected=true]`).waitFor();
    await rest;

    // Every move shows, with no reload, and the chosen row is still selected after its own.
    await admin.getByTestId("monitor-counts").filter({ hasText: `${PLAYERS} started` }).waitFor();
    await showsIntro(chosen);
    await expect(admin.locator('tr[data-player] [data-cell="page"]', { hasText: "basics/Intro" }).count()).resolves.toBe(PLAYERS);
    await expect(row(chosen).getAttribute("aria-selected")).resolves.toBe("true");
    await expect(admin.locator("tr[data-player][aria-selected=true]").count()).resolves.toBe(1);
    await screenshot(admin, "admin-monitor-busy");
  });
}, { engines: "both" });
