import fs from "node:fs";
import Papa from "papaparse";
import type { BrowserContext, Page } from "playwright-core";
import { setPlayerFields } from "@/lib/engine/admin/player-actions";
import { autoLoginUrl } from "../helpers/admin";
import { describeInBrowser, launchBrowser, screenshot } from "../helpers/browser";
import { submitCurrent } from "../helpers/participant";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

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

const XSS = "<img src=x onerror=window.pwned=1>";

/** Downloads what the link `name` points to, through the browser (the admin's cookie). */
async function download(page: Page, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  return fs.readFileSync((await file.path())!, "utf8");
}

describeInBrowser("the data browser and the downloads", () => {
  test("values with provenance, a cell's history, hostile values shown as text; page times and exports download", async () => {
    const s = await newSession(server, "basics", 2);
    const [first] = s.players;
    await submitCurrent(s.urls[0]!);
    await submitCurrent(s.urls[0]!, { nickname: "Ann", age: 30, likes: "1" });
    await setPlayerFields(server.db, "alice", s.name, [first!.name], { note: XSS });
    await setPlayerFields(server.db, "alice", s.name, [first!.name], { note: "second thoughts" });

    browser = await launchBrowser();
    admin = await browser.newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    await admin.getByRole("link", { name: "Data", exact: true }).click();
    await admin.getByRole("heading", { name: /Data of/ }).waitFor();
    const age = admin.locator('[data-field="age"]').first();
    await expect(age.textContent()).resolves.toMatch(/^30.*participant on basics\/Intro$/);
    // Provenance is read without hovering: the file:line is in the cell (its path in the title).
    const greeting = admin.locator('[data-field="greeting"]').first();
    await expect(greeting.textContent()).resolves.toMatch(/hook newPlayer at basics\.tsx:34$/);
    await expect(greeting.getAttribute("title")).resolves.toContain("hook newPlayer at tests/fixtures/apps/basics.tsx:34");
    await expect(greeting.evaluate((cell) => [...cell.querySelectorAll("span")].every((s) => s.scrollWidth <= s.clientWidth && s.scrollHeight <= s.clientHeight + 1))).resolves.toBe(true);
    // The experiment's fields come before the ones Sprout keeps (age before position).
    const headers = await admin.getByTestId("data").locator("thead tr").nth(1).locator("th").allTextContents();
    expect(headers.indexOf("age")).toBeGreaterThan(-1);
    expect(headers.indexOf("age")).toBeLessThan(headers.indexOf("position"));
    await screenshot(admin, "admin-data-all", { fullPage: true });

    // The history: both admin writes, oldest first; the hostile one as text.
    await admin.locator('[data-field="note"]').first().click();
    const history = admin.getByTestId("history");
    await history.locator("li").nth(1).waitFor();
    await expect(history.locator("li").nth(0).textContent()).resolves.toContain(XSS);
    await expect(history.locator("li").nth(1).textContent()).resolves.toContain("second thoughts");
    await expect(history.textContent()).resolves.toContain("admin (alice)");
    expect(await admin.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await screenshot(admin, "admin-data-history", { fullPage: true });
    await admin.keyboard.press("Escape");

    // Refresh shows a new value without a full reload (a mark on the window survives).
    await admin.evaluate(() => ((window as unknown as { mark: string }).mark = "kept"));
    await submitCurrent(s.urls[0]!);
    await submitCurrent(s.urls[0]!, { rating: 5 });
    await admin.getByRole("button", { name: "Refresh" }).click();
    await admin.locator('[data-field="rating"]').first().waitFor();
    expect(await admin.evaluate(() => (window as unknown as { mark?: string }).mark)).toBe("kept");

    // Filter by app: only finale's values.
    await admin.getByLabel("App").selectOption("finale");
    await admin.waitForURL(/app=finale/);
    await expect(admin.locator('[data-field="age"]').count()).resolves.toBe(0);
    await admin.locator('[data-field="rating"]').first().waitFor();
    await screenshot(admin, "admin-data", { fullPage: true });

    // The downloads on the session page.
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    const times = Papa.parse<Record<string, string>>((await download(admin, "Page times, one row per page visit (CSV)")).trim(), { header: true }).data;
    const mine = times.filter((r) => Object.values(r).includes(first!.name));
    expect(mine.map((r) => Object.values(r).find((v) => /^(basics|finale)\//.test(v)))).toEqual(["basics/Intro", "basics/Middle", "finale/Rate"]);
    expect(mine.slice(0, 2).every((r) => Object.values(r).includes("submit"))).toBe(true);
    const wide = Papa.parse<Record<string, string>>((await download(admin, "Data, one row per player (CSV)")).trim(), { header: true }).data;
    expect(wide).toHaveLength(2);
    expect(wide.find((r) => Object.values(r).includes(first!.name))).toMatchObject({ age: "30", note: "second thoughts", rating: "5" });
    const long = Papa.parse<Record<string, string>>((await download(admin, "Every write with its provenance (CSV)")).trim(), { header: true }).data;
    expect(long.filter((r) => r.key === "note").map((r) => r.byName)).toEqual(["alice", "alice"]);
    const jsonl = (await download(admin, "Every write with its provenance (JSON Lines)")).trim().split("\n").map((l) => JSON.parse(l) as { key: string; byKind: string });
    expect(jsonl.length).toBe(long.length);
    expect(jsonl.find((w) => w.key === "age")?.byKind).toBe("participant");
    const rounds = Papa.parse<Record<string, string>>((await download(admin, "Rounds, one row per player per round (CSV)")).trim(), { header: true }).data;
    expect(rounds.filter((r) => r.player === first!.name).map((r) => [r.app, r.age, r.rating])).toEqual([
      ["basics", "30", ""],
      ["finale", "", "5"],
    ]);
  });
});
