import type { Page } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import { browserPages, describeInBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

// Adjust time from the monitor: the participant's countdown follows in place (no reload), and
// a page without a time limit gets a countdown.

let server: RunningServer;
const newPage = browserPages();
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

async function signedInAdmin(): Promise<Page> {
  const admin = await newPage();
  admin.on("dialog", (d) => void (d.type() === "confirm" ? d.accept() : d.dismiss()));
  await admin.goto(autoLoginUrl(server)!);
  await admin.waitForURL(/\/admin\/dashboard\//);
  return admin;
}

/** Opens the session's monitor, selects the player and gives them `seconds` more. */
async function adjust(admin: Page, sname: string, pname: string, seconds: string, outcome: RegExp) {
  await admin.goto(`${server.url}/admin/session/${sname}/`);
  await admin.locator(`tr[data-player="${pname}"]`).getByRole("checkbox").check();
  await admin.getByRole("button", { name: "Adjust time…" }).click();
  await admin.getByLabel("Seconds").fill(seconds);
  await admin.getByRole("button", { name: "Adjust time", exact: true }).click();
  await admin.getByRole("status").filter({ hasText: outcome }).waitFor({ timeout: 10_000 });
}

/** Marks the participant's window, so a reload (which would drop the mark) shows. */
const mark = (p: Page) => p.evaluate(() => ((window as unknown as { mark: string }).mark = "kept"));
const marked = (p: Page) => p.evaluate(() => (window as unknown as { mark?: string }).mark);

describeInBrowser("Adjust time", () => {
  test("a participant's countdown moves live, and an untimed page gets one", async () => {
    const admin = await signedInAdmin();

    // A timed page: 60 s, then 120 s more.
    const timed = await newSession(server, "timed", 1);
    const participant = await newPage();
    await participant.goto(timed.urls[0]!);
    const countdown = participant.getByTestId("countdown");
    await countdown.filter({ hasText: /Time left on this page: (1:00|0:5\d)/ }).waitFor();
    await participant.locator('body[data-live="connected"]').waitFor({ timeout: 10_000 });
    await mark(participant);
    await adjust(admin, timed.name, timed.players[0]!.name, "120", /Gave 1 player 120 s more/);
    await countdown.filter({ hasText: /Time left on this page: (3:00|2:5\d)/ }).waitFor({ timeout: 10_000 });
    expect(await marked(participant)).toBe("kept");
    await screenshot(admin, "admin-adjust-time", { fullPage: true });
    await screenshot(participant, "participant-adjusted-countdown");

    // An untimed page: no countdown until the admin gives 90 s.
    const basics = await newSession(server, "basics", 1);
    const other = await newPage();
    await other.goto(basics.urls[0]!);
    await other.getByLabel("Nickname").waitFor();
    await other.locator('body[data-live="connected"]').waitFor({ timeout: 10_000 });
    expect(await other.getByTestId("countdown").count()).toBe(0);
    await mark(other);
    await other.getByLabel("Nickname").fill("typed before");
    await adjust(admin, basics.name, basics.players[0]!.name, "90", /had no time limit: it now ends in 90 s/);
    await other.getByTestId("countdown").filter({ hasText: /Time left on this page: (1:30|1:2\d)/ }).waitFor({ timeout: 10_000 });
    expect(await marked(other)).toBe("kept");
    // What was typed meanwhile stays (the page refreshes in place).
    expect(await other.getByLabel("Nickname").inputValue()).toBe("typed before");
    await screenshot(other, "participant-new-countdown");
  });
});
