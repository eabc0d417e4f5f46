import type { BrowserContext, Page } from "playwright-core";
import { createRoom } from "@/lib/engine/rooms/rooms";
import { autoLoginUrl } from "../helpers/admin";
import { describeInBrowser, launchBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

// The admin and participant pages work in Chromium under the Content-Security-Policy
// (lib/server/security-headers.ts) and the browser reports no violation anywhere: every script
// runs (Next's, Sprout's own inline ones, the sockets), none is refused. The headers themselves
// are tests/integration/http/security-headers.test.ts.

let server: RunningServer;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await server?.stop();
});

/** Everything the browser said about the policy: violation events (from every page and frame) and console lines. */
const violations: string[] = [];
const consoleLines: string[] = [];

/** A browser of its own (its own cookies) whose pages report every CSP violation to the test. */
async function watchedBrowser(): Promise<BrowserContext> {
  const context = await launchBrowser();
  contexts.push(context);
  // Reported at once through a binding, so a violation on a page that navigates away is not lost.
  await context.exposeBinding("__reportCspViolation", ({ page }, text: string) => void violations.push(`${page.url()}: ${text}`));
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[]; __reportCspViolation?: (t: string) => void };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      const text = `${e.effectiveDirective} refused ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`;
      w.__cspViolations.push(text);
      w.__reportCspViolation?.(text);
    });
  });
  context.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") consoleLines.push(`${m.type()} ${m.location().url}: ${m.text()}`);
  });
  return context;
}

/** No violation so far, and no console line about the policy. */
function expectNoViolations() {
  expect(violations).toEqual([]);
  expect(consoleLines.filter((l) => /Content Security Policy|Refused to/i.test(l))).toEqual([]);
}

const heading = (page: Page, name: string | RegExp) => page.getByRole("heading", { name, level: 1 }).waitFor();

describeInBrowser("the pages under the Content-Security-Policy", () => {
  let admin: Page;
  let participant: Page;
  let sname: string;

  test("the admin: sign in, dashboard, sessions, a new session, its live monitor, data, rooms, status", async () => {
    admin = await (await watchedBrowser()).newPage();
    admin.on("dialog", (d) => void d.accept());
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(`${server.url}/admin/dashboard/`);
    await heading(admin, "Dashboard");
    await admin.getByRole("link", { name: "Sessions", exact: true }).click();
    await heading(admin, "Sessions");

    // A session made with the form (a server action: a same-origin POST under the policy).
    await admin.goto(`${server.url}/admin/sessions/new/`);
    await admin.getByLabel("Config").selectOption("timed");
    await admin.getByLabel("Number of players").fill("2");
    await admin.getByRole("button", { name: "Create session" }).click();
    await admin.waitForURL(/\/admin\/session\/[^/]+\/$/);
    sname = decodeURIComponent(new URL(admin.url()).pathname.split("/")[3]!);
    // The monitor's socket is connected.
    await admin.locator('[data-live="live"]').filter({ hasText: "Live" }).first().waitFor({ timeout: 10_000 });
    expectNoViolations();

    for (const [path, title] of [
      [`/admin/session/${sname}/data/`, /^Data of/],
      ["/admin/rooms/", "Rooms"],
      ["/admin/rooms/new/", "New room"],
      ["/admin/status/", "Status"],
      ["/admin/room/lab/", /^Room lab/],
    ] as const) {
      await admin.goto(`${server.url}${path}`);
      await heading(admin, title);
    }
    // The room page follows its room live too.
    await admin.locator('[data-live="live"]').first().waitFor({ timeout: 10_000 });
    await screenshot(admin, "csp-admin-room", { fullPage: true });
    expectNoViolations();
  });

  test("a participant: the start page's script, a timed page's countdown, the socket, a message pushed by the admin", async () => {
    participant = await (await watchedBrowser()).newPage();
    const pname = (await server.db.player.findFirstOrThrow({ where: { session: { name: sname } }, orderBy: { id: "asc" } })).name;
    // The start page posts itself by its inline script and lands on the first page.
    await participant.goto(`${server.url}/p/${sname}/${pname}/`);
    await heading(participant, "Quick");
    await participant.locator('body[data-live="connected"]').waitFor({ timeout: 10_000 });
    await participant.getByRole("timer").filter({ hasText: /^Time left on this page: (1:00|0:[0-5]\d)$/ }).waitFor();
    await participant.getByLabel("Answer").fill("4");
    await participant.getByRole("button", { name: "Next" }).click();
    await heading(participant, "Slow");
    await participant.getByRole("timer").waitFor();
    await participant.locator('body[data-live="connected"]').waitFor({ timeout: 10_000 });

    // The admin's monitor sees it, and a message goes out over the participant's socket.
    await admin.goto(`${server.url}/admin/session/${sname}/`);
    const row = admin.locator(`tr[data-player="${pname}"]`);
    await row.locator('[data-cell="page"]').filter({ hasText: "timed/Slow" }).waitFor({ timeout: 10_000 });
    await row.getByRole("checkbox").check();
    await admin.getByRole("button", { name: "Send message…" }).click();
    await admin.getByLabel("Message").fill("Hello from the admin");
    await admin.getByRole("button", { name: "Send message", exact: true }).click();
    await participant.getByText("Hello from the admin").waitFor({ timeout: 10_000 });
    await screenshot(participant, "csp-participant-message", { fullPage: true });
    await screenshot(admin, "csp-admin-monitor", { fullPage: true });
    await participant.getByRole("dialog").getByRole("button").click();

    await participant.getByRole("button", { name: "Next" }).click();
    await heading(participant, "After");
    expectNoViolations();
  });

  test("a room's waiting page (socket.io's client and an inline script) moves on by itself when the admin starts a session", async () => {
    await createRoom(server.db, "admin", "csp_room", { config: null, labels: null, capacity: null, open: true });
    const waiter = await (await watchedBrowser()).newPage();
    await waiter.goto(`${server.url}/room/csp_room/`);
    await heading(waiter, "Please wait");
    await admin.goto(`${server.url}/admin/room/csp_room/`);
    await admin.getByText("(1 waiting now)").waitFor({ timeout: 10_000 });
    await admin.getByLabel("Config").first().selectOption("basics");
    await admin.getByLabel(/Number of players/).fill("1");
    await admin.getByRole("button", { name: "Create session" }).click();
    await waiter.waitForURL(/\/p\//, { timeout: 15_000 });
    await waiter.getByLabel("Nickname").waitFor();
    await waiter.locator('body[data-live="connected"]').waitFor({ timeout: 10_000 });
    expectNoViolations();
  });

  test("the sessionwide link's page asks for a place by its inline script", async () => {
    const { secret } = await server.db.session.findUniqueOrThrow({ where: { name: sname }, select: { secret: true } });
    const visitor = await (await watchedBrowser()).newPage();
    await visitor.goto(`${server.url}/s/${sname}/${secret}/`);
    await visitor.waitForURL(/\/p\//);
    await heading(visitor, "Quick");
    await visitor.locator('body[data-live="connected"]').waitFor({ timeout: 10_000 });
    expectNoViolations();
  });

  test("the home page and a participant's not-found page", async () => {
    const page = await (await watchedBrowser()).newPage();
    await page.goto(`${server.url}/`);
    await heading(page, "Sprout");
    await page.goto(`${server.url}/p/no-such-session/no-such-player/`);
    await heading(page, "Page not found");
    expectNoViolations();
    // Nothing else went wrong in the console either (Chromium notes the not-found page's own 404).
    expect(consoleLines.filter((l) => !/no-such-player\/: Failed to load resource: the server responded with a status of 404/.test(l))).toEqual([]);
  });

  test("the policy is enforced, and a violation would be seen: an inline event handler is refused", async () => {
    const page = await (await watchedBrowser()).newPage();
    await page.goto(`${server.url}/`);
    await page.evaluate(() => {
      const b = document.createElement("button");
      b.setAttribute("onclick", "window.ranInline = true");
      document.body.append(b);
      b.click();
    });
    await page.waitForFunction(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.length > 0);
    expect(await page.evaluate(() => (window as unknown as { ranInline?: boolean }).ranInline)).toBeUndefined();
    expect(violations).toEqual([expect.stringMatching(/script-src-attr refused inline/)]);
  });
});
