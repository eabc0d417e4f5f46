import type { Page } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import { browserPages, describeInBrowser, screenshot } from "../helpers/browser";
import { postForm } from "../helpers/participant";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

// The admin marks a participant of an app with a stand-in policy as a dropout: the monitor
// shows the seat as the bot's, live, while the server's bot plays it to the end.

let server: RunningServer;
const newPage = browserPages();
beforeAll(async () => (server = await startServer({ env: { SPROUT_ONLINE_WINDOW_MS: "600000" } })));
afterAll(() => server?.stop());

const cell = (admin: Page, pname: string, name: string) => admin.locator(`tr[data-player="${pname}"]`).locator(`[data-cell="${name}"]`);

describeInBrowser("a stand-in bot in the monitor", () => {
  test("Mark as dropout hands the seat to the bot: the monitor says 'bot plays', then 'bot played'", async () => {
    const s = await newSession(server, "seats", 2);
    const [a, b] = s.players.map((p) => p.name) as [string, string];
    for (const url of s.urls) await postForm(url, { _position: -1 });
    const admin = await newPage();
    admin.on("dialog", (d) => void (d.type() === "confirm" ? d.accept() : d.dismiss()));
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    await admin.locator(`tr[data-player="${b}"]`).getByRole("checkbox").check();
    await admin.getByRole("button", { name: "Mark as dropout", exact: true }).click();
    await admin.getByRole("status").filter({ hasText: /Marked 1 player as dropouts/ }).first().waitFor({ timeout: 10_000 });
    // The bot picks for the seat and waits on Sync for the partner.
    await cell(admin, b, "dropout").filter({ hasText: "bot plays" }).waitFor({ timeout: 10_000 });
    await cell(admin, b, "page").filter({ hasText: "seats/Sync" }).waitFor({ timeout: 15_000 });
    await screenshot(admin, "admin-stand-in-bot-plays");
    // The partner plays both rounds; the bot follows to the end.
    await postForm(s.urls[0]!, { _position: 1, pick: "5" });
    await postForm(s.urls[0]!, { _position: 4, pick: "9" });
    await cell(admin, b, "dropout").filter({ hasText: "bot played" }).waitFor({ timeout: 20_000 });
    await expect(cell(admin, a, "dropout").textContent()).resolves.toBe("");
  });
});
