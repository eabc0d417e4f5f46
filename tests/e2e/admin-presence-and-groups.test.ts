import type { Page } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import { browserPages, describeInBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

// What the session page shows while real participants come and go in Chromium: presence in
// both directions, and a group the admin makes taking players through a grouping wait page.
let server: RunningServer;
const newPage = browserPages();
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const cell = (admin: Page, pname: string, name: string) => admin.locator(`tr[data-player="${pname}"] [data-cell="${name}"]`);
const cellSays = (admin: Page, pname: string, name: string, text: string | RegExp) => cell(admin, pname, name).filter({ hasText: text }).waitFor({ timeout: 10_000 });
const onlineCount = (admin: Page, n: number) => admin.getByTestId("monitor-counts").filter({ hasText: new RegExp(`(^|\\D)${n}\\s*online`) }).waitFor({ timeout: 10_000 });

async function openMonitor(sname: string): Promise<Page> {
  const admin = await newPage();
  admin.on("dialog", (d) => void (d.type() === "confirm" ? d.accept() : d.dismiss()));
  await admin.goto(autoLoginUrl(server)!);
  await admin.waitForURL(/\/admin\/dashboard\//);
  await admin.goto(`${server.url}/admin/session/${sname}/`);
  return admin;
}

/** Lets every presence write and monitor batch a change could still cause arrive. */
const settle = (page: Page) => page.waitForTimeout(1500);

describeInBrowser("presence in the monitor", () => {
  test("closing the last tab shows offline and it stays so; reopening shows online; two tabs count as one until both close; a redirect counts as leaving", async () => {
    const s = await newSession(server, "basics", 2);
    const [a, b] = s.players.map((p) => p.name) as [string, string];
    const admin = await openMonitor(s.name);
    await cellSays(admin, a, "online", "offline");

    const first = await newPage();
    await first.goto(s.urls[0]!);
    await cellSays(admin, a, "online", /^\s*online/);
    await onlineCount(admin, 1);
    await first.close();
    await cellSays(admin, a, "online", "offline");
    await settle(admin);
    await cellSays(admin, a, "online", "offline");
    await onlineCount(admin, 0);

    // Two tabs: online until the last one closes.
    const tab1 = await newPage();
    const tab2 = await newPage();
    await tab1.goto(s.urls[0]!);
    await tab2.goto(s.urls[0]!);
    await cellSays(admin, a, "online", /^\s*online/);
    await tab1.close();
    await settle(admin);
    await cellSays(admin, a, "online", /^\s*online/);
    await onlineCount(admin, 1);
    await tab2.close();
    await cellSays(admin, a, "online", "offline");
    await settle(admin);
    await cellSays(admin, a, "online", "offline");

    // Sent elsewhere by the admin's Redirect: offline, and it stays so.
    const bob = await newPage();
    await bob.goto(s.urls[1]!);
    await cellSays(admin, b, "online", /^\s*online/);
    await admin.locator(`tr[data-player="${b}"]`).getByRole("checkbox").check();
    await admin.getByRole("button", { name: "Redirect…" }).click();
    await admin.getByLabel("Redirect address").fill(`${server.url}/health/`);
    await admin.getByRole("button", { name: "Redirect players", exact: true }).click();
    await bob.waitForURL(`${server.url}/health/`, { timeout: 10_000 });
    await cellSays(admin, b, "online", "offline");
    await settle(admin);
    await cellSays(admin, b, "online", "offline");
    await onlineCount(admin, 0);
    await screenshot(admin, "monitor-presence", { fullPage: true });
  });
}, { engines: "both" });

describeInBrowser("a group the admin makes, with JavaScript", () => {
  test("a player waiting alone on a grouping page moves on the moment the admin groups them; the partner passes it on arrival", async () => {
    const s = await newSession(server, "pairs", 2);
    const [a, b] = s.players.map((p) => p.name) as [string, string];
    const admin = await openMonitor(s.name);

    const alice = await newPage();
    await alice.goto(s.urls[0]!); // with JavaScript, the start page starts by itself
    await alice.getByRole("heading", { name: "Please wait" }).waitFor();
    await cellSays(admin, a, "page", "pairs/Pairing");

    for (const p of [a, b]) await admin.locator(`tr[data-player="${p}"]`).getByRole("checkbox").check();
    await admin.getByRole("button", { name: "Group…" }).click();
    await admin.getByRole("button", { name: "Apply grouping", exact: true }).click();
    await admin.getByRole("status").filter({ hasText: /Formed 1 group/ }).waitFor();
    await alice.getByText("Cooperate?").waitFor({ timeout: 10_000 });
    await cellSays(admin, a, "page", "pairs/Decide");

    const bob = await newPage();
    await bob.goto(s.urls[1]!);
    await bob.getByText("Cooperate?").waitFor();
    await alice.getByLabel("Yes").check();
    await alice.getByRole("button", { name: "Next" }).click();
    await alice.getByRole("heading", { name: "Please wait" }).waitFor();
    await bob.getByLabel("No").check();
    await bob.getByRole("button", { name: "Next" }).click();
    await bob.locator("#payoff").filter({ hasText: "payoff=5" }).waitFor();
    await alice.locator("#payoff").filter({ hasText: "payoff=2" }).waitFor({ timeout: 10_000 });
  });
});
