import type { BrowserContext, Page } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import { describeInBrowser, launchBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

let server: RunningServer;
let browser: BrowserContext;
let admin: Page;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (page: Page, name: string) => screenshot(page, `admin-${name}`, { fullPage: true });
/** Waits for the field's message to say `text` (a message from an earlier try may be showing). */
const fieldError = (page: Page, field: string, text: string) => page.locator(`#${field}-error`).filter({ hasText: text }).waitFor();
/** The session controls card (the paused banner has a Resume button of its own). */
const controls = (page: Page) => page.locator("section").filter({ has: page.getByRole("heading", { name: "Session controls" }) });
const control = (page: Page, name: string) => controls(page).getByRole("button", { name, exact: true });
/** The outcome line the control `name` printed under itself. */
const outcomeOf = (page: Page, name: string) => control(page, name).locator("xpath=ancestor::form").getByRole("status").or(control(page, name).locator("xpath=ancestor::form").getByRole("alert"));

describeInBrowser("the admin: sign in, create a session, use every session control", () => {
  test("the printed auto-login link signs in and opens the dashboard", async () => {
    browser = await launchBrowser();
    admin = await browser.newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(`${server.url}/admin/dashboard/`);
    await admin.getByRole("heading", { name: "Dashboard" }).waitFor();
    // The token left the address bar and history.
    expect(admin.url()).not.toContain("#");
    await shot(admin, "dashboard-empty");
  });

  test("the new-session form reports every problem and keeps what was typed", async () => {
    await admin.getByRole("link", { name: "New session" }).first().click();
    await admin.getByRole("heading", { name: "New session" }).waitFor();
    await admin.getByLabel("Config").selectOption("pairs");
    await expect(admin.getByTestId("config-info").textContent()).resolves.toContain("pairs");
    await admin.getByLabel("Number of players").fill("3");
    await admin.getByText("3 is not a multiple of 2").waitFor();

    const create = () => admin.getByRole("button", { name: "Create session" }).click();
    await admin.getByLabel("Number of players").fill("");
    await create();
    await fieldError(admin, "players", "whole number");

    await admin.getByLabel("Number of players").fill("4");
    await admin.getByLabel("Settings (JSON)").fill('{"rounds": 3,');
    await fieldError(admin, "settings", "not valid JSON");
    await create();
    await fieldError(admin, "settings", "not valid JSON");
    // The server's answer puts the focus on the field; the message is said once, beside it (not again above the form).
    await admin.waitForFunction(() => document.activeElement?.id === "settings");
    await expect(admin.getByText(/not valid JSON/).count()).resolves.toBe(1);
    await shot(admin, "new-session-json-error");
    await admin.getByLabel("Settings (JSON)").fill("[1, 2]");
    await create();
    await fieldError(admin, "settings", "must be a JSON object");

    await admin.getByLabel("Settings (JSON)").fill('{"rounds": 3}');
    await admin.getByLabel(/Session name/).fill("lab 1!");
    await create();
    await fieldError(admin, "name", "not allowed");

    await admin.getByLabel(/Session name/).fill("lab-1");
    await admin.getByLabel(/Player names/).fill("ann\nben\ncai");
    await create();
    await fieldError(admin, "playerNames", "3 player names were given for 4 players");
    await admin.getByLabel(/Player names/).fill("ann\nben\ncai\nann");
    await create();
    await fieldError(admin, "playerNames", '"ann" is given twice');
    await shot(admin, "new-session-errors");

    // Every value typed is still there after all those refusals.
    await expect(admin.getByLabel("Config").inputValue()).resolves.toBe("pairs");
    await expect(admin.getByLabel("Number of players").inputValue()).resolves.toBe("4");
    await expect(admin.getByLabel("Settings (JSON)").inputValue()).resolves.toBe('{"rounds": 3}');
    await expect(admin.getByLabel(/Session name/).inputValue()).resolves.toBe("lab-1");
    expect(await server.db.session.count()).toBe(0);

    await admin.getByLabel(/Player names/).fill("ann\nben\ncai\ndee");
    await create();
    await admin.getByText("Session created with 4 players").waitFor();
    // Shown once: the address forgets it, so a reload does not show it again.
    await admin.waitForURL(`${server.url}/admin/session/lab-1/`);
    await shot(admin, "session-created");
    await expect(admin.getByTestId("player-links").locator("li").count()).resolves.toBe(4);
    await expect(admin.getByTestId("player-links").textContent()).resolves.toContain("/p/lab-1/dee/");
    await admin.reload();
    await admin.getByTestId("player-links").waitFor();
    await expect(admin.getByText("Session created with").count()).resolves.toBe(0);

    // The same name again is refused with a clear message.
    await admin.goto(`${server.url}/admin/sessions/new/?config=basics`);
    await admin.getByLabel(/Session name/).fill("lab-1");
    await create();
    await admin.getByRole("alert").filter({ hasText: 'A session named "lab-1" already exists' }).waitFor();
  });

  test("session controls: pause and resume (seen by a participant), test run, description, settings, newSession", async () => {
    await admin.getByLabel("Config").selectOption("basics");
    await admin.getByLabel("Number of players").fill("2");
    await admin.getByLabel(/Session name/).fill("controls");
    await admin.getByRole("button", { name: "Create session" }).click();
    await admin.waitForURL(/\/admin\/session\/controls\//);
    await admin.locator('[data-live="live"]').waitFor();
    const link = (await admin.getByTestId("player-links").locator("a").first().getAttribute("href"))!;

    const participant = await browser.newPage();
    await participant.goto(link);
    await participant.getByLabel("Nickname").waitFor();
    await participant.getByLabel("Nickname").fill("Zed");
    await participant.getByLabel("Age").fill("30");
    await participant.getByLabel("Yes").check();

    // Pause: the open participant page turns into the paused page by itself.
    admin.once("dialog", (d) => void d.accept());
    await control(admin, "Pause session").click();
    // Paused: a banner says so, its Resume the page's main button.
    const banner = admin.getByTestId("paused-banner");
    await banner.getByText("This session is paused").waitFor();
    await expect(admin.getByText("Session created with").count()).resolves.toBe(0);
    await expect(banner.getByRole("button", { name: "Resume session" }).getAttribute("class")).resolves.toContain("bg-emerald-700");
    await participant.getByRole("heading", { name: "Paused" }).waitFor({ timeout: 10_000 });
    await shot(admin, "session-paused");
    await screenshot(participant, "participant-paused");

    // A submission sent while paused (a tab that had not heard yet) is refused and stores nothing.
    const [sname, pname] = new URL(link).pathname.split("/").slice(2, 4);
    const refused = await fetch(`${server.url}/p/${sname}/${pname}/submit/`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _position: "0", nickname: "Zed", age: "30", likes: "true" }),
    });
    expect(refused.headers.get("x-sprout-outcome")).toBe("paused");
    expect(await server.db.fieldValue.count({ where: { key: "nickname" } })).toBe(0);

    // Resume from the banner: it goes, saying so; the participant is back on their page and can submit.
    await banner.getByRole("button", { name: "Resume session" }).click();
    await admin.getByRole("status").filter({ hasText: "Session resumed" }).waitFor();
    await expect(banner.count()).resolves.toBe(0);
    await control(admin, "Pause session").waitFor();
    // Nothing stale: the controls' old outcome and the creation notice do not come back.
    await expect(admin.getByText("Session paused").count()).resolves.toBe(0);
    await expect(admin.getByText("Session created with").count()).resolves.toBe(0);
    await shot(admin, "session-resumed");
    await participant.getByLabel("Nickname").waitFor({ timeout: 10_000 });
    await participant.getByLabel("Nickname").fill("Zed");
    await participant.getByLabel("Age").fill("30");
    await participant.getByLabel("Yes").check();
    await participant.getByRole("button", { name: "Next" }).click();
    await participant.locator("#facts").waitFor();
    expect(await server.db.fieldValue.count({ where: { key: "nickname" } })).toBe(1);

    // Test run: badge, and the sessions list filters by it.
    await control(admin, "Mark as test run").click();
    await outcomeOf(admin, "Unmark test run").filter({ hasText: "Marked as a test run" }).waitFor();
    await admin.getByText("test run", { exact: true }).first().waitFor();

    // Description.
    await admin.getByLabel("Description").fill("Pilot with the lab's own staff");
    await control(admin, "Save description").click();
    await admin.getByText("Description saved.").waitFor();
    await admin.getByText("Pilot with the lab's own staff", { exact: true }).first().waitFor();

    // Settings: bad JSON is refused and nothing changes; a good object is saved.
    const settingsBefore = (await server.db.session.findUniqueOrThrow({ where: { name: "controls" } })).settings;
    await admin.getByLabel("Settings", { exact: true }).fill('{"greeting": ');
    await admin.getByText(/Settings are not valid JSON/).first().waitFor();
    await control(admin, "Save settings").click();
    await outcomeOf(admin, "Save settings").filter({ hasText: "not valid JSON" }).waitFor();
    expect((await server.db.session.findUniqueOrThrow({ where: { name: "controls" } })).settings).toBe(settingsBefore);
    await admin.getByLabel("Settings", { exact: true }).fill('{"greeting": "welcome back"}');
    await control(admin, "Save settings").click();
    await admin.getByText("Settings saved.").waitFor();
    expect(JSON.parse((await server.db.session.findUniqueOrThrow({ where: { name: "controls" } })).settings)).toEqual({ greeting: "welcome back" });

    // Run newSession again: the fixture counts its runs.
    admin.once("dialog", (d) => void d.accept());
    await control(admin, "Run newSession").click();
    await admin.getByText("newSession ran (1 app).").waitFor();
    const sessionRow = await server.db.session.findUniqueOrThrow({ where: { name: "controls" } });
    const inits = await server.db.fieldValue.findUniqueOrThrow({ where: { ownerKind_ownerId_key: { ownerKind: "session", ownerId: sessionRow.id, key: "sessionInits" } } });
    expect(JSON.parse(inits.value!)).toBe(2);

    // A tampered call (another session's name in place of the one the page bound, a value that
    // is not a flag) is refused and changes nothing.
    const untouched = await server.db.session.findUniqueOrThrow({ where: { name: "controls" } });
    const auditCount = await server.db.auditEntry.count();
    const pauseForm = control(admin, "Pause session").locator("xpath=ancestor::form");
    // Changed and sent in one go: a re-render in between would put React's values back.
    const tamperAndSend = (field: string, value: string) =>
      pauseForm.evaluate((form: HTMLFormElement, [f, v]) => {
        (form.elements.namedItem(f!) as HTMLInputElement).value = v!;
        form.requestSubmit();
      }, [field, value]);
    admin.on("dialog", (d) => void d.accept());
    // The bound name travels in the action's request body, so it is rewritten on the way.
    const sessionPage = (url: URL) => url.pathname === "/admin/session/controls/";
    await admin.route(sessionPage, (route) => {
      const request = route.request();
      if (request.method() !== "POST" || !request.headers()["next-action"]) return route.continue();
      return route.continue({ postData: request.postDataBuffer()!.toString("utf8").replaceAll('"controls"', '"no-such-session"') });
    });
    await control(admin, "Pause session").click();
    await pauseForm.getByRole("alert").filter({ hasText: 'There is no session "no-such-session"' }).waitFor();
    await admin.unroute(sessionPage);
    await tamperAndSend("active", "maybe");
    await pauseForm.getByRole("alert").filter({ hasText: '"active" must be true or false' }).waitFor();
    admin.removeAllListeners("dialog");
    expect(await server.db.session.findUniqueOrThrow({ where: { name: "controls" } })).toEqual(untouched);
    expect(await server.db.auditEntry.count()).toBe(auditCount);

    // Every control left an audit entry with the admin's name, as a sentence.
    await admin.reload();
    const audit = await admin.getByTestId("audit").locator("li").allTextContents();
    for (const sentence of [
      "admin created the session with 2 players (config basics)",
      "admin paused the session",
      "admin resumed the session",
      "admin marked the session as a test run",
      "admin changed the description to “Pilot with the lab's own staff”",
      'admin changed the settings to greeting = "welcome back"',
      "admin ran newSession (1 app)",
    ]) {
      expect(audit.some((line) => line.startsWith(sentence))).toBe(true);
    }
    await shot(admin, "session");
    await admin.setViewportSize({ width: 390, height: 800 });
    await shot(admin, "session-phone");
    await admin.setViewportSize({ width: 1100, height: 800 });
    await participant.close();

    await admin.goto(`${server.url}/admin/sessions/?testing=only`);
    await admin.getByRole("link", { name: "controls" }).waitFor();
    await expect(admin.getByRole("link", { name: "lab-1" }).count()).resolves.toBe(0);
    await admin.getByRole("link", { name: "Without test runs" }).click();
    await admin.getByRole("link", { name: "lab-1" }).waitFor();
    await expect(admin.getByRole("link", { name: "controls" }).count()).resolves.toBe(0);
    await admin.getByRole("link", { name: "All sessions" }).click();
    await admin.getByRole("link", { name: "controls" }).waitFor();
    await shot(admin, "sessions");
    await admin.goto(`${server.url}/admin/dashboard/`);
    // Configs in a grid of equal cards, each name once (a config of one app of its name does not repeat it).
    const configCards = admin.getByTestId("configs").locator("li");
    const hello = (await configCards.filter({ hasText: "A three-page first study" }).textContent())!;
    expect(hello.split("hello").length - 1).toBe(1);
    await expect(configCards.filter({ hasText: /^basics/ }).textContent()).resolves.toContain("basics → finale");
    const heights = await configCards.evaluateAll((cards) => cards.slice(0, 3).map((c) => c.getBoundingClientRect().height));
    expect(new Set(heights).size).toBe(1);
    await shot(admin, "dashboard");
  });

  test("revoking a login on the status page signs that browser out at once", async () => {
    const other = await launchBrowser();
    try {
      const tab = await other.newPage();
      // A second sign-in: the auto-login token works until the server stops.
      await tab.goto(autoLoginUrl(server)!);
      await tab.waitForURL(/\/admin\/dashboard\//);
      await tab.goto(`${server.url}/admin/session/controls/`);
      await tab.locator('[data-live="live"]').waitFor();

      await admin.goto(`${server.url}/admin/status/`);
      await expect(admin.getByTestId("logins").locator("tbody tr").count()).resolves.toBe(2);
      await shot(admin, "status");
      admin.once("dialog", (d) => void d.accept());
      const otherRow = admin.getByTestId("logins").locator("tbody tr").filter({ hasNotText: "this browser" });
      await otherRow.getByRole("button", { name: "Revoke" }).click();
      await admin.getByText("Login revoked.").waitFor();

      await tab.getByText("You have been signed out").waitFor({ timeout: 10_000 });
      await tab.reload();
      await tab.waitForURL(`${server.url}/admin/login/`);
    } finally {
      await other.close();
    }
  });

  test("signing out ends the session; the login page then shows its message", async () => {
    await admin.getByRole("button", { name: "Sign out" }).click();
    await admin.waitForURL(/\/admin\/login\/\?signed-out=1/);
    await admin.getByText("You are signed out.").waitFor();
    await admin.goto(`${server.url}/admin/dashboard/`);
    await admin.waitForURL(`${server.url}/admin/login/`);
    await shot(admin, "login-auto");
  });
});

describeInBrowser("password sign-in in the browser", () => {
  let passwordServer: RunningServer;
  beforeAll(async () => (passwordServer = await startServer({ env: { SPROUT_TEST_ADMINS: "admin,alice", SPROUT_ADMIN_PASSWORD_ALICE: "a long enough password" } })));
  afterAll(() => passwordServer?.stop());

  test("a wrong password is refused with a message; the right one opens the dashboard", async () => {
    const context = await launchBrowser();
    try {
      const page = await context.newPage();
      await page.goto(`${passwordServer.url}/admin/`);
      await page.waitForURL(`${passwordServer.url}/admin/login/`);
      await page.getByLabel("Admin name").fill("alice");
      await page.getByLabel("Password").fill("not the password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").filter({ hasText: "That admin name and password do not match." }).waitFor();
      await shot(page, "login-refused");
      await page.getByLabel("Password").fill("a long enough password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${passwordServer.url}/admin/dashboard/`);
      await page.getByText("Signed in as").waitFor();
      await expect(page.getByRole("banner").textContent()).resolves.toContain("alice");
    } finally {
      await context.close();
    }
  });
});
