import type { Page } from "playwright-core";
import { playBot } from "@/lib/bots/bot";
import { autoLoginUrl } from "../helpers/admin";
import { browserPages, describeInBrowser, screenshot } from "../helpers/browser";
import { submitCurrent } from "../helpers/participant";
import { startServer, type RunningServer } from "../helpers/server";
import { newSession } from "../helpers/sessions";

let server: RunningServer;
const newPage = browserPages();
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

/** Waits until the progress count `name` (notStarted, onPages, finished, dropouts) says n, live. */
const countSays = (admin: Page, name: string, n: number) => admin.locator(`[data-testid="progress-counts"] [data-count="${name}"]`).filter({ hasText: new RegExp(`^${n} `) }).waitFor({ timeout: 15_000 });
/** Waits until the funnel's step at `position` has n players on it. */
const stepSays = (admin: Page, position: number, n: number) => admin.locator(`[data-testid="progress"] tr[data-step="${position}"] [data-cell="players"]`).filter({ hasText: new RegExp(`^${n}$`) }).waitFor({ state: "attached", timeout: 15_000 });
const box = async (admin: Page, testId: string) => (await admin.getByTestId(testId).boundingBox())!;

describeInBrowser("the session's progress chart", () => {
  test("follows bots through the pages to the end, live, without moving the page", async () => {
    const s = await newSession(server, "basics", 6);
    const admin = await newPage();
    // recharts draws under the Content-Security-Policy (no eval, no refused inline script).
    const refused: string[] = [];
    admin.on("console", (m) => void (/Content Security Policy|Refused to/i.test(m.text()) && refused.push(m.text())));
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    await countSays(admin, "notStarted", 6);
    await admin.locator('[data-testid="progress-funnel"] .recharts-bar-rectangle').first().waitFor({ timeout: 10_000 });
    await screenshot(admin, "admin-progress-not-started");
    const funnelBefore = await box(admin, "progress-funnel");
    const monitorBefore = await box(admin, "monitor");

    // Three start and stay on the first page, one goes on to the second.
    for (const url of s.urls.slice(0, 3)) await submitCurrent(url);
    await submitCurrent(s.urls[2]!, { nickname: "Cy", age: 33, likes: "1" });
    await countSays(admin, "notStarted", 3);
    await stepSays(admin, 0, 2);
    await stepSays(admin, 1, 1);
    await countSays(admin, "onPages", 3);
    await screenshot(admin, "admin-progress-moving");

    // Bots play two players through to the end while the admin watches.
    await Promise.all(s.urls.slice(3, 5).map((url, i) => playBot({ url, playerIndex: i })));
    await countSays(admin, "finished", 2);
    await countSays(admin, "notStarted", 1);
    await stepSays(admin, 0, 2);
    // Arrivals and finishes are drawn as two lines.
    await expect(admin.locator('[data-testid="progress-timeline"] .recharts-line-curve').count()).resolves.toBe(2);
    await screenshot(admin, "admin-progress", { fullPage: true });

    // Nothing moved on the page: the plots keep their place and size, and so does the monitor below them.
    expect(await box(admin, "progress-funnel")).toEqual(funnelBefore);
    expect((await box(admin, "monitor")).y).toBe(monitorBefore.y);
    expect(refused).toEqual([]);
  });
});
