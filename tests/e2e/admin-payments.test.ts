import fs from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { latestAudit } from "@/lib/store/audit";
import { recordWrites } from "@/lib/store/field-log";
import { autoLoginUrl } from "../helpers/admin";
import { describeInBrowser, launchBrowser, screenshot } from "../helpers/browser";
import { submitCurrent } from "../helpers/participant";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

let server: RunningServer;
let browser: BrowserContext;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Downloads what the link `name` points to, through the browser (the admin's cookie). */
async function download(page: Page, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  return fs.readFileSync((await file.path())!, "utf8");
}

/** A "screening" session whose one participant (PROLIFIC_PID `pid`) finished with 30 points. */
async function finishedWithPoints(pid: string) {
  const s = await newSession(server, "screening", 2);
  const res = await fetch(`${server.url}/s/${s.name}/${s.secret}/?PROLIFIC_PID=${pid}`, { method: "POST", redirect: "manual" });
  const url = new URL(res.headers.get("location")!, server.url).toString();
  await submitCurrent(url);
  const player = await server.db.player.findFirstOrThrow({ where: { sessionId: s.id, started: true } });
  await server.db.$transaction((tx) =>
    recordWrites(tx, [1, 2, 3].map((round) => ({ owner: { kind: "player" as const, id: player.id, sessionId: s.id }, key: "payoff", value: 10, context: { app: "screening", round, position: 0 }, provenance: { byKind: "hook" as const } }))),
  );
  await submitCurrent(url, { age: 33 });
  await submitCurrent(url, { answer: 2 });
  return { s, player };
}

describeInBrowser("the payments page", () => {
  test("shows each player's IDs, status and money, downloads both CSVs and marks players as paid", async () => {
    const s = await newSession(server, "screening", 2);
    const res = await fetch(`${server.url}/s/${s.name}/${s.secret}/?PROLIFIC_PID=PAYME0001`, { method: "POST", redirect: "manual" });
    const url = new URL(res.headers.get("location")!, server.url).toString();
    await submitCurrent(url);
    const player = await server.db.player.findFirstOrThrow({ where: { sessionId: s.id, started: true } });
    await server.db.$transaction((tx) =>
      recordWrites(tx, [1, 2, 3].map((round) => ({ owner: { kind: "player" as const, id: player.id, sessionId: s.id }, key: "payoff", value: 10, context: { app: "screening", round, position: 0 }, provenance: { byKind: "hook" as const } }))),
    );
    await submitCurrent(url, { age: 33 });
    await submitCurrent(url, { answer: 2 });

    browser = await launchBrowser();
    const admin = await browser.newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    await admin.getByRole("link", { name: "Payments", exact: true }).click();
    await admin.getByRole("heading", { name: /Payments of/ }).waitFor();
    const row = admin.locator(`tr[data-player="${player.name}"]`);
    await expect(row.locator('[data-cell="id"]').textContent()).resolves.toBe("PAYME0001PROLIFIC_PID=PAYME0001");
    await expect(row.locator('[data-cell="status"]').textContent()).resolves.toBe("finished");
    // 30 points × 0.0333 = 0.999 → 1.00, and the fee 1.50.
    await expect(row.locator('[data-cell="points"]').textContent()).resolves.toBe("30");
    await expect(row.locator('[data-cell="bonus"]').textContent()).resolves.toBe("1.00");
    await expect(row.locator('[data-cell="total"]').textContent()).resolves.toBe("2.50");
    await screenshot(admin, "admin-payments", { fullPage: true });

    expect(await download(admin, "Bonus CSV (Prolific)")).toBe("PAYME0001,1.00\r\n");
    const csv = await download(admin, "Payments CSV");
    expect(csv.split("\r\n")[1]).toBe(`${s.name},${player.name},0,PAYME0001,PAYME0001,finished,30,GBP,1.00,1.50,2.50,`);

    await row.getByRole("checkbox").check();
    await admin.getByRole("button", { name: "Mark as paid" }).click();
    await admin.getByText("Marked 1 player as paid.").waitFor();
    await row.locator('[data-cell="paid"]', { hasText: /^paid \d{4}-/ }).waitFor();
    expect((await server.db.player.findUniqueOrThrow({ where: { id: player.id } })).paidAt).not.toBeNull();
  });

  test("a session whose config sets no payment says so", async () => {
    const s = await newSession(server, "basics", 1);
    const admin = await browser.newPage();
    await admin.goto(`${server.url}/admin/session/${s.name}/payments/`);
    await admin.getByRole("status").filter({ hasText: "config sets no payment" }).waitFor();
  });

  test("the payment settings form changes the value of a point and the totals follow; a bad value is refused and changes nothing", async () => {
    const { s, player } = await finishedWithPoints("PAYME0002");
    browser ??= await launchBrowser();
    const admin = await browser.newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/payments/`);
    const row = admin.locator(`tr[data-player="${player.name}"]`);
    await row.locator('[data-cell="total"]', { hasText: /^2\.50$/ }).waitFor();
    const settingsBefore = (await server.db.session.findUniqueOrThrow({ where: { id: s.id } })).settings;

    const pointValue = admin.getByLabel("Value of a point");
    await expect(pointValue.inputValue()).resolves.toBe("0.0333");
    await pointValue.fill("0,05");
    await admin.getByRole("button", { name: "Save payment settings" }).click();
    await admin.getByText("The value of a point is a decimal of at least 0").waitFor();
    await expect(pointValue.getAttribute("aria-invalid")).resolves.toBe("true");
    await screenshot(admin, "admin-payment-settings-refused");
    expect((await server.db.session.findUniqueOrThrow({ where: { id: s.id } })).settings).toBe(settingsBefore);

    // 30 points × 0.05 = 1.50, plus the fee 2.00.
    await pointValue.fill("0.05");
    await admin.getByLabel("Participation fee").fill("2");
    await admin.getByRole("button", { name: "Save payment settings" }).click();
    await admin.getByText(/Payment settings saved: 0.05 GBP per point/).waitFor();
    await row.locator('[data-cell="bonus"]', { hasText: /^1\.50$/ }).waitFor();
    await expect(row.locator('[data-cell="fee"]').textContent()).resolves.toBe("2.00");
    await expect(row.locator('[data-cell="total"]').textContent()).resolves.toBe("3.50");
    await screenshot(admin, "admin-payment-settings", { fullPage: true });
    const stored = JSON.parse((await server.db.session.findUniqueOrThrow({ where: { id: s.id } })).settings);
    expect(stored.payment).toEqual({ currency: "GBP", pointValue: "0.05", fee: "2", rounding: "nearest" });
    const [entry] = (await latestAudit(server.db, { session: s.name })).filter((a) => a.action === "session.updatePayment");
    expect(entry!.detail).toEqual({ payment: stored.payment });
  });
});
