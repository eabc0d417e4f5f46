import type { BrowserContext } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import path from "node:path";
import { describeInBrowser, launchBrowser, screenshot, SCREENSHOTS } from "../helpers/browser";
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

describeInBrowser("the session page's Places card", () => {
  test("shows each condition's places taken against its quota, and the session without quotas has none", async () => {
    const s = await newSession(server, "arms_quota", 8);
    const link = `${server.url}/s/${s.name}/${s.secret}/`;
    const answers = await Promise.all(Array.from({ length: 7 }, () => fetch(link, { method: "POST", redirect: "manual" })));
    expect(answers.filter((a) => a.status === 303)).toHaveLength(6);

    browser = await launchBrowser();
    const admin = await browser.newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    const places = admin.getByTestId("places");
    await places.waitFor();
    await expect(places.locator('tr[data-cell="all"]').innerText()).resolves.toMatch(/All participants\s+6\s+0\s+no limit/);
    for (const arm of ["red", "green", "blue"]) {
      await expect(places.locator(`tr[data-cell="arm=${arm}"]`).innerText()).resolves.toMatch(new RegExp(`arm = ${arm} \\(condition\\)\\s+2\\s+0\\s+2 \\(full\\)`));
    }
    await places.screenshot({ path: path.join(SCREENSHOTS, "admin-places.png") });
    await screenshot(admin, "admin-session-with-places");

    const plain = await newSession(server, "basics", 1);
    await admin.goto(`${server.url}/admin/session/${plain.name}/`);
    await admin.getByRole("heading", { name: "Properties" }).waitFor();
    expect(await admin.getByTestId("places").count()).toBe(0);
  });
});
