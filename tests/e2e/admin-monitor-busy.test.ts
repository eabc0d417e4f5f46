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
  test("a session of 1,000 players opens with every row counted and renders the rows in view, the last ones once scrolled to", async () => {
    const s = await newSession(server, "basics", 1000);
    const admin = await browser.newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    expect((await admin.goto(`${server.url}/admin/session/${s.name}/`))?.status()).toBe(200);
    // The rows come over the admin socket, just after the page.
    await admin.locator(`tr[data-player="${s.players[0]!.name}"]`).waitFor();
    await admin.getByText("1000 of 1000 shown").waitFor();
    // Only the rows in view (and a margin) are in the page, the rest is blank space of their height.
    const rendered = await admin.locator("tr[data-player]").count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(200);
    await admin.getByTestId("monitor").evaluate((table) => table.parentElement!.scrollTo(0, table.parentElement!.scrollHeight));
    await admin.locator(`tr[data-player="${s.players[999]!.name}"]`).waitFor();
    await expect(admin.locator(`tr[data-player="${s.players[0]!.name}"]`).count()).resolves.toBe(0);
    await screenshot(admin, "admin-monitor-1000-scrolled");
    // A filter narrows the 1,000 to the rows it matches, rendered whole.
    await admin.getByLabel("Filter players").fill(s.players[500]!.name);
    await admin.locator(`tr[data-player="${s.players[500]!.name}"]`).waitFor();
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
