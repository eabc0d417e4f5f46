import { autoLoginUrl } from "../helpers/admin";
import { browserPages, describeInBrowser, screenshot } from "../helpers/browser";
import { submitCurrent } from "../helpers/participant";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

// Field columns in the monitor: chosen in the page, shown for every admin, live as answers
// arrive, sortable.

let server: RunningServer;
const newPage = browserPages();
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

describeInBrowser("the monitor's field columns", () => {
  test("an added column fills in live and sorts by value", async () => {
    const s = await newSession(server, "basics", 3);
    const [a, b] = s.players.map((p) => p.name);
    const admin = await newPage();
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    await admin.getByRole("button", { name: "Field columns…" }).click();
    await admin.getByLabel("nickname", { exact: true }).check();
    await admin.getByLabel("age", { exact: true }).check();
    await admin.getByRole("button", { name: "Show columns" }).click();
    await admin.getByRole("status").filter({ hasText: "The monitor shows age, nickname." }).waitFor({ timeout: 10_000 });
    await admin.getByRole("columnheader", { name: "nickname", exact: true }).waitFor({ timeout: 10_000 });

    // Two participants answer; their cells fill in without a reload.
    await admin.evaluate(() => ((window as unknown as { mark: string }).mark = "kept"));
    for (const [url, nickname, age] of [[s.urls[0]!, "Zoe", 52], [s.urls[1]!, "Abe", 19]] as const) {
      await submitCurrent(url);
      await submitCurrent(url, { nickname, age, likes: "1" });
    }
    const cell = (p: string, key: string) => admin.locator(`tr[data-player="${p}"] [data-cell="field:${key}"]`);
    await cell(a!, "nickname").filter({ hasText: "Zoe" }).waitFor({ timeout: 10_000 });
    await cell(b!, "age").filter({ hasText: "19" }).waitFor({ timeout: 10_000 });
    expect(await admin.evaluate(() => (window as unknown as { mark?: string }).mark)).toBe("kept");

    // Sorting by age: 19, 52, then the player with none.
    await admin.getByRole("columnheader", { name: "age", exact: true }).getByRole("button").click();
    const order = await admin.locator("tr[data-player]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-player")));
    expect(order).toEqual([b, a, s.players[2]!.name]);
    await screenshot(admin, "admin-field-columns", { fullPage: true });

    // Another admin tab opening the session shows the same columns.
    const second = await newPage();
    await second.goto(autoLoginUrl(server)!);
    await second.waitForURL(/\/admin\/dashboard\//);
    await second.goto(`${server.url}/admin/session/${s.name}/`);
    await second.getByRole("columnheader", { name: "nickname", exact: true }).waitFor({ timeout: 10_000 });
  });
});
