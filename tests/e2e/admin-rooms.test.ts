import type { Page } from "playwright-core";
import { autoLoginUrl } from "../helpers/admin";
import { browserPages, describeInBrowser, screenshot } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

let server: RunningServer;
const newPage = browserPages();
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const shot = (page: Page, name: string) => screenshot(page, name, { fullPage: true });

/** Waits for an action's outcome line next to its button. */
const outcome = (page: Page, text: RegExp) => page.getByRole("status").or(page.getByRole("alert")).filter({ hasText: text }).first().waitFor({ timeout: 10_000 });

const playerOf = (sname: string, label: string) => server.db.player.findFirst({ where: { session: { name: sname }, label }, select: { name: true, started: true } });

describeInBrowser("rooms: the admin creates a labelled room, participants wait and are moved in live", () => {
  test("the whole flow: labels, waiting, a session with pre-assigned slots, full, close, reopen, rejoin, disassociate", async () => {
    const admin = await newPage();
    admin.on("dialog", (d) => void d.accept());
    await admin.goto(autoLoginUrl(server)!);
    await admin.waitForURL(/\/admin\/dashboard\//);

    // The rooms list; a new room with a mistake first, then right, labels read from a file.
    await admin.getByRole("link", { name: "Rooms", exact: true }).click();
    await admin.getByRole("heading", { name: "Open rooms" }).or(admin.getByText(/Open rooms/)).first().waitFor();
    await admin.getByRole("link", { name: "New room" }).click();
    await admin.getByLabel("Room name").fill("lab one");
    await admin.getByRole("button", { name: "Create room" }).click();
    await admin.getByText(/Room name "lab one" is not allowed/).waitFor();
    await shot(admin, "admin-room-new-error");
    expect(await server.db.room.count({ where: { name: "lab one" } })).toBe(0);
    await admin.getByLabel("Room name").fill("lab1");
    await admin.getByLabel("Use labels (access codes)").check();
    await admin.locator('input[type="file"]').setInputFiles({ name: "seats.txt", mimeType: "text/plain", buffer: Buffer.from("# seats in lab 1\nA1\nA2\nA3\nA4\n") });
    await admin.getByText("4 labels read from seats.txt.").waitFor();
    await admin.getByRole("button", { name: "Create room" }).click();
    await admin.waitForURL(/\/admin\/room\/lab1\/$/);
    await admin.getByTestId("room-status").filter({ hasText: /without a config: participants wait/ }).waitFor();
    await expect(admin.getByTestId("join-mode").textContent()).resolves.toBe("Restricted");
    expect(await server.db.room.findUnique({ where: { name: "lab1" }, select: { labels: true, open: true, config: true } })).toEqual({ labels: '["A1","A2","A3","A4"]', open: true, config: null });

    // Participant 1 types a wrong code, then a right one, and waits; participant 2 brings the code in the link.
    const p1 = await newPage();
    await p1.goto(`${server.url}/room/lab1/`);
    await p1.getByLabel("Please enter your access code.").fill("ZZ");
    await p1.getByRole("button", { name: "Continue" }).click();
    await p1.getByText("The access code “ZZ” is not valid for this study.").waitFor();
    await shot(p1, "participant-room-label-error");
    await p1.getByLabel("Please enter your access code.").fill("A1");
    await p1.getByRole("button", { name: "Continue" }).click();
    await p1.getByRole("heading", { name: "Please wait" }).waitFor();
    await p1.getByText("Keep this page open and watch it at all times.").waitFor();
    await shot(p1, "participant-room-waiting");
    const p2 = await newPage();
    await p2.goto(`${server.url}/room/lab1/?label=A2`);
    await p2.getByRole("heading", { name: "Please wait" }).waitFor();
    expect(await server.db.session.count({ where: { room: "lab1" } })).toBe(0);

    // The admin sees them arrive, live.
    const waiting = admin.getByTestId("waiting-labels");
    await waiting.getByText("A1", { exact: true }).waitFor({ timeout: 10_000 });
    await waiting.getByText("A2", { exact: true }).waitFor({ timeout: 10_000 });
    await expect(admin.getByTestId("absent-labels").locator("li").allTextContents()).resolves.toEqual(["A3", "A4"]);
    await admin.getByText("(2 waiting now)").waitFor();
    await shot(admin, "admin-room-waiting");

    // A session of 3: the two waiting get the first slots and are moved in by themselves.
    await admin.getByLabel("Config").first().selectOption("basics");
    await admin.getByLabel(/Number of players/).fill("3");
    await admin.getByRole("button", { name: "Create session" }).click();
    // The address says ?created=1 only until the page has shown it.
    await admin.waitForURL(/\/admin\/session\/[^/]+\/(\?created=1)?$/);
    const sname = decodeURIComponent(new URL(admin.url()).pathname.split("/")[3]!);
    await p1.waitForURL(/\/p\//, { timeout: 15_000 });
    await p2.waitForURL(/\/p\//, { timeout: 15_000 });
    await p1.getByLabel("Nickname").waitFor();
    const a1 = await playerOf(sname, "A1");
    expect(p1.url()).toBe(`${server.url}/p/${sname}/${a1!.name}/`);
    expect((await playerOf(sname, "A2"))?.started).toBe(true);
    expect(await server.db.room.findUnique({ where: { name: "lab1" }, select: { capacity: true, open: true } })).toEqual({ capacity: 3, open: true });

    // A third participant takes the last slot; a fourth finds the room full (423).
    const p3 = await newPage();
    await p3.goto(`${server.url}/room/lab1/?label=A3`);
    await p3.waitForURL(/\/p\//);
    const p4 = await newPage();
    const full = p4.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/room/lab1/"));
    await p4.goto(`${server.url}/room/lab1/?label=A4`);
    expect((await full).status()).toBe(423);
    await p4.getByRole("heading", { name: "No places left" }).waitFor();
    await shot(p4, "participant-room-full");

    // Coming back with the same label gives the same player.
    const again = await newPage();
    await again.goto(`${server.url}/room/lab1/?label=A1`);
    await again.waitForURL(`${server.url}/p/${sname}/${a1!.name}/`);

    // The room page: 3 of 3; close it; a newcomer waits; more capacity and reopening let them in, live.
    await admin.goto(`${server.url}/admin/room/lab1/`);
    await admin.getByTestId("room-players").filter({ hasText: "3 / 3 (3 started)" }).waitFor();
    await shot(admin, "admin-room-session");
    await admin.getByRole("button", { name: "Close room" }).click();
    await outcome(admin, /Room closed/);
    await admin.getByTestId("room-status").filter({ hasText: /^Closed/ }).waitFor();
    await p4.goto(`${server.url}/room/lab1/?label=A4`);
    await p4.getByRole("heading", { name: "Please wait" }).waitFor();
    await admin.getByTestId("waiting-labels").getByText("A4", { exact: true }).waitFor({ timeout: 10_000 });
    await admin.getByLabel("Capacity", { exact: true }).fill("4");
    await admin.getByRole("button", { name: "Set", exact: true }).click();
    await outcome(admin, /Capacity set to 4/);
    await p4.waitForTimeout(500);
    expect(p4.url()).toContain("wait"); // still closed: still waiting
    await admin.getByRole("button", { name: "Reopen room" }).click();
    await outcome(admin, /Room reopened/);
    await p4.waitForURL(/\/p\//, { timeout: 15_000 });
    expect((await playerOf(sname, "A4"))?.started).toBe(true);
    expect(await server.db.player.count({ where: { session: { name: sname } } })).toBe(4);

    // Disassociate: the session runs on; the room can have a new one.
    await admin.getByRole("button", { name: "Disassociate", exact: true }).click();
    // The page turns into the room without a session; the confirmation stays where the session was.
    await admin.getByRole("button", { name: "Create session" }).waitFor({ timeout: 10_000 });
    const confirmation = admin.getByTestId("disassociated");
    await confirmation.filter({ hasText: `Session ${sname} is no longer in this room. The session runs on.` }).waitFor();
    await admin.waitForTimeout(500); // the room's live update re-reads the page once more
    await expect(confirmation.getByRole("link", { name: `Open session ${sname}` }).getAttribute("href")).resolves.toBe(`/admin/session/${sname}/`);
    await shot(admin, "admin-room-disassociated");
    expect(await server.db.session.findUnique({ where: { name: sname }, select: { room: true, active: true } })).toEqual({ room: null, active: true });

    // The rooms list: open without a session or config is a kind of its own, not "closed".
    await admin.goto(`${server.url}/admin/rooms/`);
    const openWaiting = admin.locator("section").filter({ has: admin.getByRole("heading", { name: "Open, waiting for a session (1)" }) });
    await openWaiting.getByTestId("room-lab1").getByText("open · no session or config").waitFor();
    await expect(admin.locator("section").filter({ has: admin.getByRole("heading", { name: /^Closed rooms/ }) }).getByTestId("room-lab1").count()).resolves.toBe(0);
    await shot(admin, "admin-rooms");

    // Without a session or config, a newcomer waits again; deleting the room tells them it is gone.
    const late = await newPage();
    await late.goto(`${server.url}/room/lab1/?label=A3`);
    await late.getByRole("heading", { name: "Please wait" }).waitFor();
    await admin.goto(`${server.url}/admin/room/lab1/`);
    await admin.getByTestId("waiting-labels").getByText("A3", { exact: true }).waitFor({ timeout: 10_000 });
    await admin.getByRole("button", { name: "Delete room" }).click();
    await admin.waitForURL(/\/admin\/rooms\/$/);
    await late.getByText("There is no such room").waitFor({ timeout: 10_000 });
    expect(await server.db.room.count({ where: { name: "lab1" } })).toBe(0);
    const audit = await server.db.auditEntry.findMany({ where: { action: { startsWith: "room." } }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(["room.create", "room.createSession", "room.close", "room.capacity", "room.open", "room.disassociate", "room.delete"]);
  });
});
