import type { BrowserContext, Page } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import { api } from "../helpers/api";
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

describeInBrowser("the admin's API tokens page", () => {
  test("a token is made (shown once, working at once), listed, refused when its name is taken, and revoked", async () => {
    browser = await launchBrowser();
    admin = await browser.newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(`${server.url}/admin/dashboard/`);
    await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "API tokens" }).click();
    await admin.getByRole("heading", { name: "API tokens" }).waitFor();

    await admin.getByLabel("Name").fill("r-script");
    await admin.getByRole("button", { name: "Create token" }).click();
    const token = (await admin.getByTestId("new-token").textContent())!.trim();
    expect(token).toMatch(/^sprout_/);
    expect((await api(server, token, "GET", "/configs/")).status).toBe(200);
    // Read-only is the default: a change is refused.
    expect((await api(server, token, "POST", "/rooms/", { name: "x" })).status).toBe(403);
    await screenshot(admin, "admin-tokens-made", { fullPage: true });

    await admin.reload();
    await admin.getByTestId("tokens").getByText("r-script").waitFor();
    expect(await admin.content()).not.toContain(token);

    await admin.getByLabel("Name").fill("r-script");
    await admin.getByRole("button", { name: "Create token" }).click();
    await admin.locator("#token-name-error").filter({ hasText: "names are not reused" }).waitFor();

    admin.once("dialog", (d) => void d.accept());
    await admin.getByTestId("tokens").getByRole("row").filter({ hasText: "r-script" }).getByRole("button", { name: "Revoke" }).click();
    await admin.getByText("Token r-script revoked.").waitFor();
    expect((await api(server, token, "GET", "/configs/")).status).toBe(401);
    await admin.reload();
    await admin.getByTestId("tokens").getByRole("row").filter({ hasText: "r-script" }).getByText("revoked").waitFor();
  });
});
