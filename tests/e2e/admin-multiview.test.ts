import { autoLoginUrl } from "../helpers/admin";
import { browserPages, describeInBrowser, screenshot } from "../helpers/browser";
import { submitCurrent } from "../helpers/participant";
import { startServer, type RunningServer } from "../helpers/server";
import { currentValues, newSession } from "../helpers/sessions";

let server: RunningServer;
const newPage = browserPages();
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

/** Everything viewing a player could change: their row (position, start, last seen), page visits, presence, the field log. */
async function footprint(sessionId: number) {
  const [players, visits, connections, writes] = await Promise.all([
    server.db.player.findMany({ where: { sessionId }, orderBy: { id: "asc" }, select: { name: true, position: true, started: true, initialized: true, lastSeen: true, pageOrder: true } }),
    server.db.pageVisit.findMany({ where: { sessionId }, orderBy: { id: "asc" } }),
    server.db.connection.count(),
    server.db.fieldWrite.count(),
  ]);
  return { players, visits, connections, writes };
}

describeInBrowser("multiview: selected players' pages side by side, read-only", () => {
  test("two players' pages show in tiles, reload and follow their players, and viewing changes nothing", async () => {
    const s = await newSession(server, "basics", 3);
    const [a, b] = s.players.map((p) => p.name) as [string, string];
    // Alice is on the second page; Bob has not started.
    await submitCurrent(s.urls[0]!);
    await submitCurrent(s.urls[0]!, { nickname: "Alice", age: 30, likes: "0" });
    const valuesBefore = await currentValues(server, s.id, a);
    const before = await footprint(s.id);

    const admin = await newPage();
    // The tiles are framed under the Content-Security-Policy (frame-ancestors 'self'): nothing is refused.
    const refused: string[] = [];
    admin.context().on("console", (m) => void (/Content Security Policy|Refused to/i.test(m.text()) && refused.push(m.text())));
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    await admin.goto(`${server.url}/admin/session/${s.name}/`);
    for (const p of [a, b]) await admin.locator(`tr[data-player="${p}"]`).getByRole("checkbox").check();
    const [view] = await Promise.all([admin.context().waitForEvent("page"), admin.getByRole("link", { name: "View selected" }).click()]);
    await view.waitForURL(new RegExp(`/admin/session/${s.name}/multiview/\\?players=${a},${b}$`));
    await expect(view.locator("[data-tile]").count()).resolves.toBe(2);

    const tileA = view.frameLocator(`iframe[title="Page of player ${a}"]`);
    const tileB = view.frameLocator(`iframe[title="Page of player ${b}"]`);
    await tileA.locator("#facts").filter({ hasText: "greeting=hello there" }).waitFor({ timeout: 10_000 });
    await tileB.getByRole("heading", { name: "Not started" }).waitFor({ timeout: 10_000 });
    // Nothing on a tile can be submitted: no form at all, controls disabled.
    await expect(tileA.locator("form").count()).resolves.toBe(0);
    await expect(tileA.getByRole("button", { name: "Next" }).isDisabled()).resolves.toBe(true);
    await screenshot(view, "admin-multiview", { fullPage: true });

    // Reload one tile: it loads again (a new frame), still changing nothing.
    await view.getByRole("button", { name: `Reload the page of ${a}` }).click();
    await tileA.locator("#facts").waitFor({ timeout: 10_000 });
    // Presence would have arrived within a second or two of a socket opening.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await footprint(s.id)).toEqual(before);
    expect(await currentValues(server, s.id, a)).toEqual(valuesBefore);
    await admin.locator(`tr[data-player="${a}"] [data-cell="online"]`).filter({ hasText: "offline" }).waitFor();
    await admin.locator(`tr[data-player="${b}"] [data-cell="progress"]`).filter({ hasText: "not started" }).waitFor();

    // Bob starts on his own: his tile follows to his first page, whose fields are disabled.
    await submitCurrent(s.urls[1]!);
    await tileB.getByLabel("Nickname").waitFor({ timeout: 10_000 });
    await expect(tileB.getByLabel("Nickname").isDisabled()).resolves.toBe(true);
    await view.locator(`[data-tile="${b}"] [data-cell="page"]`).filter({ hasText: "basics/Intro" }).waitFor({ timeout: 10_000 });
    await screenshot(view, "admin-multiview-followed", { fullPage: true });
    expect(refused).toEqual([]);
  });

  test("a tile's address needs a signed-in admin", async () => {
    const s = await newSession(server, "basics", 1);
    const res = await fetch(`${server.url}/admin/session/${s.name}/view/${s.players[0]!.name}/`, { redirect: "manual" });
    expect([303, 307, 302]).toContain(res.status);
    expect(res.headers.get("location")).toMatch(/\/admin\/login\//);
  });
});
