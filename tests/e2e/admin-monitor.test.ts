import type { Page } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import { browserPages, describeInBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { currentValues, newSession } from "../helpers/sessions";

let server: RunningServer;
const newPage = browserPages();
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const row = (admin: Page, pname: string) => admin.locator(`tr[data-player="${pname}"]`);
const cell = (admin: Page, pname: string, name: string) => row(admin, pname).locator(`[data-cell="${name}"]`);
/** Waits until the monitor's cell says `text` (live: no reload in between). */
const cellSays = (admin: Page, pname: string, name: string, text: string | RegExp) => cell(admin, pname, name).filter({ hasText: text }).waitFor({ timeout: 10_000 });

/** Selects exactly these players in the monitor. */
async function select(admin: Page, ...pnames: string[]) {
  const clear = admin.getByRole("button", { name: "Clear selection" });
  if (await clear.isVisible()) await clear.click();
  for (const p of pnames) await row(admin, p).getByRole("checkbox").check();
}

/** Runs a toolbar action and waits for its outcome line. */
async function run(admin: Page, button: string, outcome: RegExp) {
  await admin.getByRole("button", { name: button, exact: true }).click();
  await admin.getByRole("status").or(admin.getByRole("alert")).filter({ hasText: outcome }).first().waitFor({ timeout: 10_000 });
}

describeInBrowser("the player monitor and every player action", () => {
  test("two participants move live in the monitor, and each action reaches them", async () => {
    const s = await newSession(server, "basics", 3);
    const [a, b] = s.players.map((p) => p.name);
    const admin = await newPage();
    admin.on("dialog", (d) => void (d.type() === "confirm" ? d.accept() : d.dismiss()));
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    // The rows come over the admin socket, just after the page.
    await admin.locator("tr[data-player]").nth(2).waitFor();
    await expect(admin.locator("tr[data-player]").count()).resolves.toBe(3);
    // Before the start: no page, and the length every basics player's page order has.
    await cellSays(admin, a!, "progress", "not started · 3 pages");
    await screenshot(admin, "admin-monitor-not-started", { fullPage: true });

    // Two participants, each in their own browser; the monitor follows them live.
    const alice = await newPage();
    const bob = await newPage();
    await alice.goto(s.urls[0]!);
    await bob.goto(s.urls[1]!);
    await alice.getByLabel("Nickname").waitFor();
    await cellSays(admin, a!, "page", "basics/Intro");
    await cellSays(admin, b!, "page", "basics/Intro");
    await cellSays(admin, a!, "online", "online");
    await alice.getByLabel("Nickname").fill("Alice");
    await alice.getByLabel("Age").fill("30");
    await alice.getByLabel("Yes").check();
    await alice.getByRole("button", { name: "Next" }).click();
    await alice.locator("#facts").waitFor();
    await cellSays(admin, a!, "page", "basics/Middle");
    await cellSays(admin, a!, "progress", "2/3");
    await screenshot(admin, "admin-monitor", { fullPage: true });

    // Revert and Advance: Alice's page follows in place.
    await select(admin, a!);
    await run(admin, "Revert", /Moved 1 player back/);
    await alice.getByLabel("Nickname").waitFor({ timeout: 10_000 });
    await cellSays(admin, a!, "page", "basics/Intro");
    await run(admin, "Advance", /Advanced 1 player/);
    await alice.locator("#facts").waitFor({ timeout: 10_000 });
    await cellSays(admin, a!, "page", "basics/Middle");

    // Reload: Bob's page loads again (a mark on the window is gone).
    await bob.evaluate(() => ((window as unknown as { mark: string }).mark = "before"));
    await select(admin, b!);
    await run(admin, "Reload", /Reloaded the pages of 1 player/);
    await bob.waitForFunction(() => (window as unknown as { mark?: string }).mark === undefined, undefined, { timeout: 10_000 });
    // Pushes reach the reloaded page once its socket is back.
    await bob.locator('body[data-live="connected"]').waitFor({ timeout: 10_000 });

    // Send message: shown on Bob's screen.
    await admin.getByRole("button", { name: "Send message…" }).click();
    await admin.getByLabel("Message").fill("Please raise your hand");
    await run(admin, "Send message", new RegExp(`Sent “Please raise your hand” to ${b}\\.`));
    // Sent: the box is empty again (sending twice takes retyping), and the activity log says it.
    await expect(admin.getByLabel("Message").inputValue()).resolves.toBe("");
    await screenshot(admin, "admin-monitor-message-sent", { fullPage: true });
    await admin.getByTestId("audit").getByText(`admin sent a message to ${b}: “Please raise your hand”`).waitFor({ timeout: 10_000 });
    await bob.getByText("Please raise your hand").waitFor({ timeout: 10_000 });
    await screenshot(bob, "participant-message");

    // Set fields: stored as the admin's write.
    await select(admin, a!);
    await admin.getByRole("button", { name: "Set fields…" }).click();
    await admin.getByLabel("Fields (JSON)").fill("[1, 2]");
    await run(admin, "Set fields", /must be a JSON object/);
    await admin.getByLabel("Fields (JSON)").fill('{"bonus": 3}');
    await run(admin, "Set fields", /Set 1 field on 1 player/);
    expect((await currentValues(server, s.id, a!)).bonus).toBe(3);
    const write = await server.db.fieldWrite.findFirstOrThrow({ where: { key: "bonus" } });
    expect([write.byKind, write.byName]).toEqual(["admin", "admin"]);

    // Group: both in one group, shown in the monitor.
    await select(admin, a!, b!);
    await admin.getByRole("button", { name: "Group…" }).click();
    // "Groups of [2]" keeps to one line.
    const groupsOf = admin.getByText("Groups of");
    await expect(groupsOf.evaluate((label) => label.getClientRects().length === 1 && label.getBoundingClientRect().height < 30)).resolves.toBe(true);
    await screenshot(admin, "admin-monitor-group", { fullPage: true });
    await run(admin, "Apply grouping", /Formed 1 group/);
    await admin.getByTestId("audit").getByText(`admin grouped ${a} and ${b} into one group`).waitFor({ timeout: 10_000 });
    await cellSays(admin, a!, "group", "g1 · 0");
    await cellSays(admin, b!, "group", "g1 · 1");

    // Run newPlayer again for Alice: the fixture counts its runs.
    await select(admin, a!);
    await run(admin, "Run newPlayer", /Ran newPlayer for 1 player/);
    expect((await currentValues(server, s.id, a!)).playerInits).toBe(2);

    // Mark as dropout: flagged in the monitor.
    await select(admin, b!);
    await run(admin, "Mark as dropout", /Marked 1 player as dropouts/);
    await cellSays(admin, b!, "dropout", "dropout");

    // Redirect: a non-http address is refused; an http one is followed.
    await admin.getByRole("button", { name: "Redirect…" }).click();
    await admin.getByLabel("Redirect address").evaluate((input: HTMLInputElement) => (input.type = "text"));
    await admin.getByLabel("Redirect address").fill("javascript:alert(1)");
    await run(admin, "Redirect players", /http:\/\/ or https:\/\/ addresses only/);
    await admin.getByLabel("Redirect address").fill(`${server.url}/health/`);
    await run(admin, "Redirect players", /Redirected 1 player/);
    await bob.waitForURL(`${server.url}/health/`, { timeout: 10_000 });

    // Move to end: Alice's study is over.
    await select(admin, a!);
    await run(admin, "Move to end", /Moved 1 player to the end/);
    await alice.getByRole("heading", { name: "Thank you" }).waitFor({ timeout: 10_000 });
    await cellSays(admin, a!, "page", "end");

    // Filter, then select all: only the shown rows are selected.
    await admin.getByRole("button", { name: "Clear selection" }).click();
    await admin.getByLabel("Filter players").fill("not started");
    await admin.getByText("1 of 3 shown").waitFor();
    await admin.getByLabel("Select all shown players").check();
    await admin.getByText("1 selected").waitFor();
    await screenshot(admin, "admin-monitor-actions", { fullPage: true });

    // A tampered form (an action that does not exist, a grouping mode that does not) is refused
    // with the schema's message, and changes nothing.
    const before = await server.db.auditEntry.count();
    const tamper = (action: string, extra: Record<string, string>) =>
      admin.getByRole("button", { name: "Reload", exact: true }).evaluate((button: HTMLButtonElement, [value, fields]) => {
        const form = button.form!;
        for (const [name, v] of Object.entries(fields)) form.append(Object.assign(document.createElement("input"), { type: "hidden", name, value: v }));
        button.value = value;
        form.requestSubmit(button);
      }, [action, extra] as const);
    await tamper("explode", {});
    await admin.getByRole("alert").filter({ hasText: "Unknown player action" }).waitFor();
    await tamper("group", { mode: "sideways" });
    await admin.getByRole("alert").filter({ hasText: "Choose how to group" }).waitFor();
    expect(await server.db.auditEntry.count()).toBe(before);

    const audit = (await server.db.auditEntry.findMany({ where: { session: s.name } })).map((e) => e.action);
    for (const action of ["players.revert", "players.advance", "players.reload", "players.message", "players.setFields", "players.group.same", "players.runNewPlayer", "players.markDropout", "players.redirect", "players.moveToEnd"]) {
      expect(audit).toContain(action);
    }
  });
});
