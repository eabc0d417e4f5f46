import net from "node:net";
import { io, type Socket } from "socket.io-client";
import { createRoom, createRoomSession, setRoomOpen } from "@/lib/engine/rooms/rooms";
import type { RoomWaiter } from "@/lib/realtime/events";
import { connectAdmin, signInAutomatically, type AdminSocket } from "../../helpers/admin";
import { startServer, type RunningServer } from "../../helpers/server";
import { eventually } from "../../helpers/sockets";

// The participant link of rooms, /room/<name>/, against real servers. Rooms are set up with
// the engine's admin functions on the server's own database file (the server reads it too).
// Engine calls made here run in the test process, which has no socket server: they wake no
// waiting page (the waking itself is covered by tests/e2e/admin-rooms).

let server: RunningServer;
/** A second instance on the same database file, for the races. */
let second: RunningServer;
beforeAll(async () => {
  server = await startServer();
  second = await startServer({ databaseUrl: server.databaseUrl });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await second?.stop();
  await server?.stop();
});

const ADMIN = "admin";
const NO_ROOM = "There is no such room. Please check the link you were given.";
const KEEP_OPEN = "Keep this page open and watch it at all times.";

interface Settings {
  config: string | null;
  labels: string[] | null;
  capacity: number | null;
  open: boolean;
}

let rooms = 0;
/** A new room (open, no config, no labels, no capacity unless told). */
async function newRoom(settings: Partial<Settings> = {}): Promise<string> {
  const name = `room-${++rooms}`;
  await createRoom(server.db, ADMIN, name, { config: null, labels: null, capacity: null, open: true, ...settings });
  return name;
}

interface Answer {
  status: number;
  location: string | null;
  setCookie: string | null;
  /** "name=value" of the cookie set, to send back */
  cookie?: string;
  html: string;
  /** the page's text, tags stripped and entities decoded */
  text: string;
}

function plain(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

async function answer(res: Response): Promise<Answer> {
  const setCookie = res.headers.get("set-cookie");
  const html = await res.text();
  return { status: res.status, location: res.headers.get("location"), setCookie, cookie: setCookie?.split(";")[0], html, text: plain(html) };
}

const roomUrl = (on: RunningServer, room: string, query = "") => `${on.url}/room/${room}/${query}`;

/** What the join page (or the access-code form) posts: the form field `label`, if any. */
async function join(room: string, label?: string, options: { cookie?: string; via?: RunningServer } = {}): Promise<Answer> {
  const body = new URLSearchParams(label === undefined ? {} : { label });
  const headers: Record<string, string> = options.cookie ? { cookie: options.cookie } : {};
  return answer(await fetch(roomUrl(options.via ?? server, room), { method: "POST", body, redirect: "manual", headers }));
}

/** A GET of the link as a browser that does not follow redirects. */
async function visit(room: string, query = "", method = "GET"): Promise<Answer> {
  return answer(await fetch(roomUrl(server, room, query), { method, redirect: "manual" }));
}

/** The session and player names a 303 to a player's page names. */
function playerOf(a: Answer): { sname: string; pname: string } {
  expect(a.status).toBe(303);
  const m = /^\/p\/([^/]+)\/([^/]+)\/$/.exec(a.location ?? "");
  if (!m) throw new Error(`not a player's page: ${a.location}`);
  return { sname: m[1]!, pname: m[2]! };
}

/** The room's session with its players (index order), or null. */
const roomSession = (room: string) => server.db.session.findUnique({ where: { room }, include: { players: { orderBy: { index: "asc" } } } });

/** Everything a join could store. */
async function everything() {
  return {
    sessions: await server.db.session.count(),
    players: await server.db.player.count(),
    startedPlayers: await server.db.player.count({ where: { started: true } }),
    fieldWrites: await server.db.fieldWrite.count(),
  };
}

/** Checks `run` stored nothing (no session, player or field-log row) and returns its result. */
async function storesNothing<T>(run: () => Promise<T>): Promise<T> {
  const before = await everything();
  const result = await run();
  expect(await everything()).toEqual(before);
  return result;
}

const waitLocation = (room: string, label: string) => `/room/${room}/?label=${label}&wait`;

describe("the link (GET) and the access code", () => {
  test("an unknown room is 404 with a message, for GET and POST, and stores nothing", async () => {
    await storesNothing(async () => {
      for (const a of [await visit("no-such-room"), await visit("no-such-room", "?label=L1&wait"), await join("no-such-room", "L1"), await join("no-such-room")]) {
        expect([a.status, a.html.trim(), a.setCookie]).toEqual([404, NO_ROOM, null]);
      }
      // A name no room could have is the same 404, not an error.
      for (const odd of ["%3Cb%3E", "a%20b", "x".repeat(300)]) {
        expect((await visit(odd)).status).toBe(404);
        expect((await join(odd, "L1")).status).toBe(404);
      }
    });
  });

  test("a room with labels and no label shows the access-code form (200), for GET and for a POST without a code", async () => {
    const room = await newRoom({ config: "basics", labels: ["A1", "A2"] });
    await storesNothing(async () => {
      for (const a of [await visit(room), await visit(room, "?label="), await join(room), await join(room, ""), await join(room, "   ")]) {
        expect(a.status).toBe(200);
        expect(a.html).toContain("<h1>Welcome</h1>");
        expect(a.html).toContain(`<form method="post" action="/room/${room}/">`);
        expect(a.html).toMatch(/<input type="text" id="label" name="label" required/);
        expect(a.html).toContain('data-state="label"');
        expect(a.text).toContain("Please enter your access code.");
        expect(a.html).not.toContain('role="alert"');
        expect(a.setCookie).toBeNull();
      }
      // `&wait` does not skip the code either.
      expect((await visit(room, "?wait")).html).toContain('data-state="label"');
    });
    expect(await roomSession(room)).toBeNull();
  });

  test("a code the room does not list is refused with 400 and a message, from the form and from the link; nothing is stored", async () => {
    const room = await newRoom({ config: "basics", labels: ["A1", "A2"] });
    await storesNothing(async () => {
      for (const a of [await join(room, "ZZ"), await visit(room, "?label=ZZ"), await visit(room, "?label=ZZ&wait"), await join(room, "a1")]) {
        expect(a.status).toBe(400);
        expect(a.html).toContain('role="alert"');
        expect(a.html).toContain('aria-invalid="true"');
        expect(a.setCookie).toBeNull();
        expect(a.location).toBeNull();
      }
      const refused = await join(room, "ZZ");
      expect(refused.text).toContain("The access code “ZZ” is not valid for this study. Please check it and try again.");
      // The form keeps what was typed, so it can be corrected.
      expect(refused.html).toContain('value="ZZ"');
      expect(refused.text).toContain("Please enter your access code.");
    });
    expect(await roomSession(room)).toBeNull();
  });

  test("a code in the link (?label=) is accepted: the page asks to join by POST at once, and that POST gets a player with the label", async () => {
    const room = await newRoom({ config: "basics", labels: ["A1", "A2"] });
    const page = await storesNothing(() => visit(room, "?label=A1"));
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-state="start"');
    expect(page.html).toContain(`<form method="post" action="/room/${room}/" id="join"><input type="hidden" name="label" value="A1">`);
    expect(page.html).toContain('document.getElementById("join").requestSubmit()');
    const hidden = /name="label" value="([^"]*)"/.exec(page.html)![1]!;
    const { sname, pname } = playerOf(await join(room, hidden));
    const session = await roomSession(room);
    expect(session?.name).toBe(sname);
    expect(session?.players.map((p) => [p.name, p.label, p.started])).toEqual([[pname, "A1", true]]);
  });

  test("a GET or HEAD never takes a place, even where a POST would start a session", async () => {
    const labelled = await newRoom({ config: "basics", labels: ["A1"] });
    const free = await newRoom({ config: "basics" });
    await storesNothing(async () => {
      for (const method of ["GET", "HEAD"]) {
        expect((await visit(labelled, "?label=A1", method)).status).toBe(200);
        expect((await visit(free, "", method)).status).toBe(200);
        expect((await visit(free, "?label=desk-4", method)).status).toBe(200);
      }
      expect((await visit(labelled, "?label=A1&wait")).status).toBe(200);
    });
    expect(await roomSession(labelled)).toBeNull();
    expect(await roomSession(free)).toBeNull();
  });
});

describe("waiting", () => {
  test("a closed room makes a participant wait: 303 to the waiting page, which says to keep it open; nothing is stored", async () => {
    const room = await newRoom({ config: "basics", labels: ["A1", "A2"], open: false });
    const waiting = await storesNothing(() => join(room, "A1"));
    expect([waiting.status, waiting.location, waiting.setCookie]).toEqual([303, waitLocation(room, "A1"), null]);
    const page = await storesNothing(() => visit(room, "?label=A1&wait"));
    expect(page.status).toBe(200);
    expect(page.html).toContain("<h1>Please wait</h1>");
    expect(page.html).toContain('data-state="waiting"');
    expect(page.text).toContain("The study has not started yet. This page will move on by itself as soon as it does.");
    expect(page.text).toContain(KEEP_OPEN);
    // Its socket names the room and the label; "Check now" posts the label again.
    expect(page.html).toContain(`{"room":"${room}","label":"A1"}`);
    expect(page.html).toContain(`<form method="post" action="/room/${room}/" id="join"><input type="hidden" name="label" value="A1">`);
    expect(await roomSession(room)).toBeNull();
    // Still closed: "Check now" waits again.
    expect((await join(room, "A1")).location).toBe(waitLocation(room, "A1"));
  });

  test("an open room without a config or a session makes them wait; a waiter without a label is given one of their own", async () => {
    const labelled = await newRoom({ labels: ["A1"] });
    const free = await newRoom();
    await storesNothing(async () => {
      expect([(await join(labelled, "A1")).status, (await join(labelled, "A1")).location]).toEqual([303, waitLocation(labelled, "A1")]);
      const first = await join(free);
      const second_ = await join(free);
      const generated = /^\/room\/room-\d+\/\?label=([A-Z2-9]{8})&wait$/;
      expect(first.location).toMatch(generated);
      expect(second_.location).toMatch(generated);
      expect(first.location).not.toBe(second_.location);
      // The link with `&wait` and no label: a label is made up first.
      const redirected = await visit(free, "?wait");
      expect(redirected.status).toBe(303);
      expect(redirected.location).toMatch(generated);
      // A label from the link is kept while waiting.
      expect((await join(free, "desk-4")).location).toBe(waitLocation(free, "desk-4"));
      expect((await visit(free, "?label=desk-4&wait")).text).toContain(KEEP_OPEN);
    });
    expect(await roomSession(labelled)).toBeNull();
    expect(await roomSession(free)).toBeNull();
  });

  test("one browser waits under one label, however many tabs: the waiter label is kept in a cookie", async () => {
    const free = await newRoom();
    const first = await join(free);
    const label = /label=([A-Z2-9]{8})&wait/.exec(first.location!)![1]!;
    expect(first.setCookie).toMatch(new RegExp(`^sprout-w-${free}=${label}; Path=/room/${free}/;`));
    // A second tab of the same browser (it sends the cookie) waits under the same label.
    expect((await join(free, undefined, { cookie: first.cookie })).location).toBe(waitLocation(free, label));
    const tab = await answer(await fetch(roomUrl(server, free, "?wait"), { redirect: "manual", headers: { cookie: first.cookie! } }));
    expect(tab.location).toBe(waitLocation(free, label));
    // A mangled cookie is no cookie: a fresh label.
    const mangled = await join(free, undefined, { cookie: `sprout-w-${free}=<x>` });
    expect(mangled.location).toMatch(/label=[A-Z2-9]{8}&wait$/);
    expect(mangled.location).not.toBe(waitLocation(free, label));
  });

  test("someone already in who comes back to the waiting page (Back) is sent in again, not kept waiting", async () => {
    const room = await newRoom({ config: "basics", labels: ["A1", "A2"] });
    const { pname } = playerOf(await join(room, "A1"));
    await setRoomOpen(server.db, ADMIN, room, false);
    const back = await visit(room, "?label=A1&wait");
    expect(back.html).toContain('data-state="start"'); // the page that joins at once...
    expect(playerOf(await join(room, "A1")).pname).toBe(pname); // ...and its POST is their player
    // Their waiting-page socket is told to go in at once too; a newcomer's is not (given a
    // second for a start that should never come).
    const inside = await connectWaiter({ room, label: "A1" });
    const newcomer = await connectWaiter({ room, label: "A2" });
    await Promise.all([eventually(() => inside.events.includes("room:start")), new Promise((resolve) => setTimeout(resolve, 1000))]);
    expect(newcomer.events).not.toContain("room:start");
    expect((await visit(room, "?label=A2&wait")).text).toContain(KEEP_OPEN);
  });

  test("once the admin creates the session, the waiter's label (what the waiting page posts) gets the slot reserved for it", async () => {
    const free = await newRoom();
    const waiter = /label=([A-Z2-9]{8})&wait/.exec((await join(free)).location!)![1]!;
    const sname = await createRoomSession(server.db, ADMIN, free, { config: "basics", players: 2, assignees: [waiter] });
    const { sname: joined, pname } = playerOf(await join(free, waiter));
    expect(joined).toBe(sname);
    const session = await roomSession(free);
    expect(session?.players.map((p) => [p.name, p.label, p.started])).toEqual([
      [pname, waiter, true],
      [session!.players[1]!.name, "", false],
    ]);
  });
});

describe("starting and joining", () => {
  test("an open room with a config and no session: the first participant creates the session from the config, later ones join it", async () => {
    const room = await newRoom({ config: "basics", labels: ["A1", "A2", "A3"] });
    const sessionsBefore = await server.db.session.count();
    const first = playerOf(await join(room, "A2"));
    const session = await server.db.session.findUniqueOrThrow({ where: { name: first.sname } });
    expect(session).toMatchObject({ room, config: "basics", active: true, testing: false });
    expect(JSON.parse(session.settings)).toEqual({ greeting: "hello there" });
    expect(JSON.parse(session.apps)).toEqual(["basics", "finale"]);
    // The session's initial fields are logged as written by the room.
    const sessionLog = await server.db.fieldWrite.findMany({ where: { sessionId: session.id, ownerKind: "session" }, orderBy: { seq: "asc" } });
    expect(Object.fromEntries(sessionLog.map((w) => [w.key, JSON.parse(w.value!)]))).toMatchObject({ config: "basics", room, settings: { greeting: "hello there" } });
    expect(new Set(sessionLog.map((w) => `${w.byKind}/${w.byName}`))).toEqual(new Set([`system/room ${room}`]));

    const second_ = playerOf(await join(room, "A1"));
    const third = playerOf(await join(room, "A3"));
    expect([second_.sname, third.sname]).toEqual([first.sname, first.sname]);
    expect(await server.db.session.count()).toBe(sessionsBefore + 1);
    const players = (await roomSession(room))!.players;
    expect(players.map((p) => [p.index, p.name, p.label, p.started])).toEqual([
      [0, first.pname, "A2", true],
      [1, second_.pname, "A1", true],
      [2, third.pname, "A3", true],
    ]);
  });

  test("free join (no labels, no capacity) admits everyone, each a player of their own, and keeps a ?label= as the player's label", async () => {
    const room = await newRoom({ config: "basics" });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await join(room));
    const fromLink = await join(room, "desk-7");
    const players = [...answers, fromLink].map(playerOf);
    expect(new Set(players.map((p) => p.sname)).size).toBe(1);
    expect(new Set(players.map((p) => p.pname)).size).toBe(6);
    const stored = (await roomSession(room))!.players;
    expect(stored.map((p) => [p.name, p.label, p.started])).toEqual(players.map((p, i) => [p.pname, i === 5 ? "desk-7" : "", true]));
    // Each got the cookie that brings them back.
    for (const [i, a] of [...answers, fromLink].entries()) expect(a.cookie).toBe(`sprout-r-${room}=${players[i]!.pname}`);
  });

  test("a capacity turns participants away once reached: 423 'No places left', no cookie, nothing stored; those in still get back in", async () => {
    const room = await newRoom({ config: "basics", capacity: 2 });
    const a = await join(room);
    const b = await join(room, "desk-2");
    playerOf(a);
    playerOf(b);
    for (const label of [undefined, "desk-3"]) {
      const full = await storesNothing(() => join(room, label));
      expect([full.status, full.location, full.setCookie]).toEqual([423, null, null]);
      expect(full.html).toContain("<h1>No places left</h1>");
      expect(full.html).toContain('data-state="full"');
      expect(full.text).toContain("Every place in this study has been taken");
    }
    expect((await roomSession(room))!.players).toHaveLength(2);
    expect((await join(room, undefined, { cookie: a.cookie })).location).toBe(a.location);
    expect((await join(room, "desk-2")).location).toBe(b.location);
  });

  test("labels without a capacity: the session may have one player per label", async () => {
    const room = await newRoom({ labels: ["A1", "A2", "A3"] });
    const sname = await createRoomSession(server.db, ADMIN, room, { config: "basics", players: 3 });
    // Two of the three slots are taken by other means (the sessionwide link, say).
    const slots = (await roomSession(room))!.players;
    await server.db.player.updateMany({ where: { id: { in: [slots[0]!.id, slots[1]!.id] } }, data: { started: true } });
    const a1 = playerOf(await join(room, "A1"));
    expect(a1).toEqual({ sname, pname: slots[2]!.name });
    const full = await storesNothing(() => join(room, "A2"));
    expect(full.status).toBe(423);
    expect((await roomSession(room))!.players).toHaveLength(3);
  });

  test("a capacity below the number of labels is the limit", async () => {
    const room = await newRoom({ config: "basics", labels: ["A1", "A2", "A3"], capacity: 1 });
    playerOf(await join(room, "A3"));
    expect((await storesNothing(() => join(room, "A1"))).status).toBe(423);
    expect((await roomSession(room))!.players.map((p) => p.label)).toEqual(["A3"]);
  });

  test("labels [] accept any non-empty code (and ask for one when none is given), without a limit", async () => {
    const room = await newRoom({ config: "basics", labels: [] });
    expect((await storesNothing(() => join(room))).status).toBe(200);
    expect((await storesNothing(() => visit(room))).html).toContain('data-state="label"');
    const codes = ["anything", "X.y_z-9", "7"];
    const players = [];
    for (const code of codes) players.push(playerOf(await join(room, code)));
    expect(new Set(players.map((p) => p.pname)).size).toBe(3);
    expect((await roomSession(room))!.players.map((p) => p.label)).toEqual(codes);
  });

  test("the same label again gets the same player, also once the room is closed; a new label then waits", async () => {
    const room = await newRoom({ config: "basics", labels: ["A1", "A2", "A3"] });
    const first = await join(room, "A1");
    const other = await join(room, "A2");
    const again = await storesNothing(() => join(room, "A1"));
    expect([again.status, again.location]).toEqual([303, first.location]);
    await setRoomOpen(server.db, ADMIN, room, false);
    const whileClosed = await storesNothing(() => join(room, "A1"));
    expect([whileClosed.status, whileClosed.location]).toEqual([303, first.location]);
    expect((await storesNothing(() => join(room, "A2"))).location).toBe(other.location);
    expect((await storesNothing(() => join(room, "A3"))).location).toBe(waitLocation(room, "A3"));
    const players = (await roomSession(room))!.players;
    expect(players.map((p) => p.label)).toEqual(["A1", "A2"]);
    expect(await server.db.fieldWrite.count({ where: { ownerKind: "player", ownerId: players[0]!.id, key: "started" } })).toBe(1);
  });

  test("the cookie brings a participant without a label back to their player, also while the room is closed; others get new players", async () => {
    const room = await newRoom({ config: "basics" });
    const first = await join(room);
    const { pname } = playerOf(first);
    expect(first.setCookie).toContain(`sprout-r-${room}=${pname}`);
    expect(first.setCookie).toContain(`Path=/room/${room}/`);
    expect(first.setCookie).toContain("HttpOnly");
    expect(first.setCookie).toContain("SameSite=Lax");
    const back = await storesNothing(() => join(room, undefined, { cookie: first.cookie }));
    expect([back.status, back.location]).toEqual([303, first.location]);
    // Another browser (no cookie, or one naming a player the session does not have) is someone new.
    const other = playerOf(await join(room));
    const forged = playerOf(await join(room, undefined, { cookie: `sprout-r-${room}=nobody` }));
    expect(new Set([pname, other.pname, forged.pname]).size).toBe(3);
    // Another room's cookie is not this room's.
    const neighbour = playerOf(await join(room, undefined, { cookie: `sprout-r-${room}x=${pname}` }));
    expect(neighbour.pname).not.toBe(pname);
    await setRoomOpen(server.db, ADMIN, room, false);
    expect((await storesNothing(() => join(room, undefined, { cookie: first.cookie }))).location).toBe(first.location);
    const newcomer = await storesNothing(() => join(room));
    expect(newcomer.location).toMatch(/\?label=[A-Z2-9]{8}&wait$/);
  });

  test("a slot pre-assigned to a label goes to that label; unlabelled pre-created slots go to the others", async () => {
    const room = await newRoom({ labels: ["A1", "A2", "A3"], open: false });
    const sname = await createRoomSession(server.db, ADMIN, room, { config: "basics", players: 3, assignees: ["A2"] });
    const slots = (await roomSession(room))!.players;
    expect(slots.map((p) => [p.label, p.started])).toEqual([
      ["A2", false],
      ["", false],
      ["", false],
    ]);
    expect(playerOf(await join(room, "A1"))).toEqual({ sname, pname: slots[1]!.name });
    expect(playerOf(await join(room, "A2"))).toEqual({ sname, pname: slots[0]!.name });
    expect(playerOf(await join(room, "A3"))).toEqual({ sname, pname: slots[2]!.name });
    expect((await roomSession(room))!.players.map((p) => [p.label, p.started])).toEqual([
      ["A2", true],
      ["A1", true],
      ["A3", true],
    ]);
  });

  test("in a free room, the pre-assigned slot waits for its label while participants without one take the unlabelled slots, then new ones", async () => {
    const room = await newRoom();
    await createRoomSession(server.db, ADMIN, room, { config: "basics", players: 2, assignees: ["WAITER22"] });
    const slots = (await roomSession(room))!.players;
    expect(playerOf(await join(room)).pname).toBe(slots[1]!.name);
    const extra = playerOf(await join(room));
    expect(slots.map((p) => p.name)).not.toContain(extra.pname);
    expect(playerOf(await join(room, "WAITER22")).pname).toBe(slots[0]!.name);
    expect((await roomSession(room))!.players.map((p) => [p.index, p.label, p.started])).toEqual([
      [0, "WAITER22", true],
      [1, "", true],
      [2, "", true],
    ]);
  });

  test("a join logs 'started' (and the label) as written by the system, by 'room <name>'", async () => {
    const room = await newRoom({ config: "basics", labels: [] });
    const labelled = playerOf(await join(room, "code-1"));
    const session = (await roomSession(room))!;
    const player = session.players.find((p) => p.name === labelled.pname)!;
    const log = await server.db.fieldWrite.findMany({ where: { sessionId: session.id, ownerKind: "player", ownerId: player.id }, orderBy: { seq: "asc" } });
    expect(log.map((w) => [w.key, w.value, w.byKind, w.byName])).toEqual([
      ["started", "true", "system", `room ${room}`],
      ["label", '"code-1"', "system", `room ${room}`],
    ]);
    expect(await server.db.fieldValue.findUnique({ where: { ownerKind_ownerId_key: { ownerKind: "player", ownerId: player.id, key: "label" } } })).toMatchObject({ value: '"code-1"' });

    // Without a label only "started" is written; a pre-created slot claimed is logged the same way.
    const free = await newRoom();
    await createRoomSession(server.db, ADMIN, free, { config: "basics", players: 1 });
    const claimed = playerOf(await join(free));
    const freeSession = (await roomSession(free))!;
    const slot = freeSession.players.find((p) => p.name === claimed.pname)!;
    const slotLog = await server.db.fieldWrite.findMany({ where: { sessionId: freeSession.id, ownerKind: "player", ownerId: slot.id }, orderBy: { seq: "asc" } });
    expect(slotLog.map((w) => [w.key, w.value, w.byKind, w.byName])).toEqual([["started", "true", "system", `room ${free}`]]);
  });
});

describe("bad input", () => {
  test("a POST that is not a form, or too large, is a 4xx and stores nothing", async () => {
    const room = await newRoom({ config: "basics" });
    const url = roomUrl(server, room);
    await storesNothing(async () => {
      const json = await fetch(url, { method: "POST", body: JSON.stringify({ label: "x" }), headers: { "content-type": "application/json" }, redirect: "manual" });
      expect(json.status).toBe(400);
      expect(await json.text()).toContain("Expected a form submission");
      const textBody = await fetch(url, { method: "POST", body: "label=x", redirect: "manual" });
      expect(textBody.status).toBe(400);
      await textBody.text();
      const huge = await fetch(url, { method: "POST", body: new URLSearchParams({ label: "x".repeat(1_100_000) }), redirect: "manual" });
      expect(huge.status).toBe(413);
      expect(await huge.text()).toContain("This form is too large to be sent.");
      const broken = await fetch(url, { method: "POST", body: "--nope\r\n", headers: { "content-type": "multipart/form-data; boundary=xyz" }, redirect: "manual" });
      expect(broken.status).toBe(400);
      await broken.text();
    });
    expect(await roomSession(room)).toBeNull();
  });

  // A chunked form past the cap leaves the rest of its body unread: the connection must not
  // stay open for a next request that would never be answered (it once did).
  test("a chunked form over the size limit is 413, and the connection then answers the next request or is closed", async () => {
    const room = await newRoom({ config: "basics" });
    const { port, hostname } = new URL(server.url);
    const socket = net.connect(Number(port), hostname);
    let received = "";
    let closed = false;
    socket.on("data", (d: Buffer) => (received += d.toString("latin1")));
    socket.on("close", () => (closed = true));
    socket.on("error", () => {});
    try {
      socket.write(`POST /room/${room}/ HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nlabel=\r\n`);
      const chunk = "x".repeat(100_000);
      for (let i = 0; i < 12; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      socket.write("0\r\n\r\n");
      await eventually(() => received.includes("\r\n0\r\n\r\n") || closed);
      expect(received).toMatch(/^HTTP\/1\.1 413 /);
      expect(received).toContain("This form is too large to be sent.");
      if (!closed && !/\r\nconnection: close\r\n/i.test(received)) {
        // Kept alive: then it must serve the next request on it (or at least close it).
        const first = received.length;
        socket.write(`GET /room/${room}/ HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
        await eventually(() => /HTTP\/1\.1 \d{3} /.test(received.slice(first)) || closed, 10_000).catch(() => {});
        const next = received.slice(first).match(/HTTP\/1\.1 \d{3}/)?.[0] ?? (closed ? "closed" : "no answer");
        expect(next).toMatch(/^(HTTP\/1\.1 200|closed)$/);
      }
    } finally {
      socket.destroy();
    }
    expect(await roomSession(room)).toBeNull();
  });

  test("a label with odd characters is refused as it was given (only trimmed, never rewritten), never a 500", async () => {
    const labelled = await newRoom({ config: "basics", labels: ["A1", "A_2"] });
    // Surrounding spaces are trimmed: the code matches.
    expect(playerOf(await join(labelled, "  A1 ")).pname).toBeTruthy();
    expect((await roomSession(labelled))!.players.map((p) => p.label)).toEqual(["A1"]);
    // A space inside is not read as another character: "A 2" does not match "A_2".
    const spaced = await storesNothing(() => join(labelled, "A 2"));
    expect(spaced.status).toBe(400);
    expect(spaced.text).toContain("The access code “A 2” is not valid for this study.");
    const odd = await storesNothing(() => join(labelled, '<script>alert("x")</script>'));
    expect(odd.status).toBe(400);
    expect(odd.html).not.toContain("<script>alert");
    expect(odd.html).toContain("&#60;script&#62;alert");
    const fromLink = await storesNothing(() => visit(labelled, `?label=${encodeURIComponent('"><img src=x>')}`));
    expect(fromLink.status).toBe(400);
    expect(fromLink.html).not.toContain("<img");
    const long = await storesNothing(() => join(labelled, "B".repeat(5000)));
    expect(long.status).toBe(400);
    expect(long.html).toContain(`value="${"B".repeat(128)}"`);
    expect(long.html).not.toContain("B".repeat(129));
    // A file posted as the label is no label.
    const multipart = new FormData();
    multipart.append("label", new Blob(["A1"]), "label.txt");
    const file = await answer(await fetch(roomUrl(server, labelled), { method: "POST", body: multipart, redirect: "manual" }));
    expect([file.status, file.html.includes('data-state="label"')]).toEqual([200, true]);

    // A room without codes refuses an invalid ?label= too (two different IDs never become one label).
    const free = await newRoom({ config: "basics" });
    for (const raw of ["desk 4", "é\u0000ü", "x".repeat(300), "%ZZ"]) {
      const refused = await storesNothing(() => join(free, raw));
      expect([raw.slice(0, 20), refused.status]).toEqual([raw.slice(0, 20), 400]);
    }
    expect(playerOf(await join(free, " desk_4 ")).pname).toBeTruthy();
    // Raw, undecodable query strings and bodies.
    for (const query of ["?label=%E0%A4%A", "?label=%", "?label[]=x&label=y", "?label=a&label=b&wait"]) {
      expect([200, 303, 400]).toContain((await visit(free, query)).status);
    }
    for (const body of ["label=%E0%A4%A", "label=%", "label", "=&&=", "label=a&label=b"]) {
      const res = await fetch(roomUrl(server, free), { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
      expect([303, 400]).toContain(res.status);
      await res.text();
    }
    // None of them was an unexpected error (logged at level 50 with where it happened).
    expect(server.output()).toContain('"msg":"request"');
    expect(server.output()).not.toMatch(/"level":50[^\n]*"where":"(POST|GET) \/room/);
  });
});

// ---------------------------------------------------------------------------------------
// Waiting pages' sockets

const sockets: Socket[] = [];

type Waiter = Socket & { events: string[] };

/** A waiting page's socket (not yet awaited): every event it receives is recorded. */
function waiterSocket(on: RunningServer, auth: Record<string, unknown>): Waiter {
  // forceNew: its own connection (a shared one would also carry the admin sockets, without their headers).
  const socket = io(`${on.url}/room`, { auth, transports: ["websocket"], reconnection: false, forceNew: true }) as Waiter;
  socket.events = [];
  socket.onAny((event: string) => socket.events.push(event));
  sockets.push(socket);
  return socket;
}

/** Connects a waiting page's socket; rejects with the server's reason when refused. */
function connectWaiter(auth: Record<string, unknown>, on = server): Promise<Waiter> {
  const socket = waiterSocket(on, auth);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (e) => {
      socket.close();
      reject(e);
    });
  });
}

const refusal = (auth: Record<string, unknown>) => connectWaiter(auth).then(
  () => "connected",
  (e: Error) => e.message,
);

describe("waiting-page sockets", () => {
  test("a label the room does not accept, an unknown room or a malformed handshake is refused", async () => {
    const room = await newRoom({ labels: ["A1"], open: false });
    const free = await newRoom({ open: false });
    expect(await refusal({ room, label: "ZZ" })).toBe("This room does not accept that access code");
    expect(await refusal({ room: "no-such-room", label: "A1" })).toBe("There is no such room");
    for (const auth of [{ room }, { room, label: "" }, { room, label: "a b" }, { room, label: "x".repeat(129) }, { label: "A1" }, { room: "", label: "A1" }]) {
      expect(await refusal(auth)).toBe("A waiting page connection needs its room and a label");
    }
    const emptyList = await newRoom({ labels: [], open: false });
    expect(await refusal({ room, label: "A1" })).toBe("connected");
    expect(await refusal({ room: free, label: "ANYTHING" })).toBe("connected");
    expect(await refusal({ room: emptyList, label: "any-code" })).toBe("connected");
  });

  test("a waiter of a room that already lets people in is told to join at once; one of a closed room is not", async () => {
    const closed = await newRoom({ config: "basics", labels: ["A1"], open: false });
    const withConfig = await newRoom({ config: "basics", labels: ["A1"] });
    const withSession = await newRoom({ labels: ["A1"], open: false });
    await createRoomSession(server.db, ADMIN, withSession, { config: "basics", players: 1 });
    const noConfig = await newRoom({ labels: ["A1"] });

    const waitingClosed = await connectWaiter({ room: closed, label: "A1" });
    const waitingNoConfig = await connectWaiter({ room: noConfig, label: "A1" });
    const a = await connectWaiter({ room: withConfig, label: "A1" });
    const b = await connectWaiter({ room: withSession, label: "A1" });
    await eventually(() => a.events.includes("room:start") && b.events.includes("room:start"));
    // Connected before the others were told to start, on the same server: had they been told, it would be seen by now.
    expect(waitingClosed.events).not.toContain("room:start");
    expect(waitingNoConfig.events).not.toContain("room:start");
  });

  test("an admin watching the room sees who waits (room:watch), and is told as waiters come and go; a join pushes room:changed", async () => {
    const room = await newRoom({ labels: ["A1", "A2", "A3"] });
    const cookie = await signInAutomatically(server);
    const admin: AdminSocket = await connectAdmin(server, cookie);
    sockets.push(admin as unknown as Socket);
    const pushes: RoomWaiter[][] = [];
    const changed: string[] = [];
    admin.on("room:waiters", (payload) => {
      if (payload.room === room) pushes.push(payload.waiters);
    });
    admin.on("room:changed", (payload) => changed.push(payload.room));

    const a1 = await connectWaiter({ room, label: "A1" });
    const watched = await admin.emitWithAck("room:watch", { room });
    expect(watched).toEqual({ ok: true, waiters: [{ label: "A1", since: expect.any(Number) }] });
    expect(await admin.emitWithAck("room:watch", { room: "no-such-room" })).toEqual({ ok: false, error: 'There is no room "no-such-room"' });

    const labels = (waiters: RoomWaiter[]) => waiters.map((w) => w.label);
    // A second waiter arrives (the longest waiting first), a second tab of A2 changes nothing, A1 leaves.
    await connectWaiter({ room, label: "A2" });
    await eventually(() => pushes.some((w) => labels(w).join() === "A1,A2"));
    const tab = await connectWaiter({ room, label: "A2" });
    await eventually(() => pushes.length >= 2);
    expect(pushes.map(labels).every((l) => l.filter((x) => x === "A2").length <= 1)).toBe(true);
    a1.close();
    await eventually(() => labels(pushes.at(-1)!).join() === "A2");
    tab.close();
    expect((await admin.emitWithAck("room:watch", { room })) as unknown).toEqual({ ok: true, waiters: [{ label: "A2", since: expect.any(Number) }] });
    // A waiter of another room is not this room's.
    await connectWaiter({ room: await newRoom({ labels: ["A1"] }), label: "A1" });

    // The session is made (by the engine here) and a participant comes in through this server: the admin tab re-reads.
    await createRoomSession(server.db, ADMIN, room, { config: "basics", players: 0 });
    playerOf(await join(room, "A3"));
    await eventually(() => changed.includes(room));
    expect(pushes.every((w) => labels(w).every((l) => ["A1", "A2"].includes(l)))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------
// Races: two server instances on the same database file.

describe("many at once, on two instances", () => {
  test("50 distinct labels at once for 40 places: exactly 40 players, 10 turned away with 423, no label twice", async () => {
    const labels = Array.from({ length: 50 }, (_, i) => `P${String(i + 1).padStart(2, "0")}`);
    const room = await newRoom({ config: "basics", labels, capacity: 40 });
    const answers = await Promise.all(labels.map((label, i) => join(room, label, { via: i % 2 === 0 ? server : second })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(40);
    expect(statuses.filter((s) => s === 423)).toHaveLength(10);
    const session = (await roomSession(room))!;
    expect(session.players).toHaveLength(40);
    expect(new Set(session.players.map((p) => p.label)).size).toBe(40);
    expect(session.players.every((p) => p.started)).toBe(true);
    expect(session.players.map((p) => p.index)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // Each one let in got the player with their own label.
    const byName = new Map(session.players.map((p) => [p.name, p.label]));
    answers.forEach((a, i) => {
      if (a.status !== 303) return;
      const { sname, pname } = playerOf(a);
      expect([sname, byName.get(pname)]).toEqual([session.name, labels[i]]);
    });
    expect(await server.db.session.count({ where: { room } })).toBe(1);
  });

  test("20 POSTs with the same label at once, on both instances, all land on one player", async () => {
    const room = await newRoom({ config: "basics", labels: ["SAME", "OTHER"] });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => join(room, "SAME", { via: i % 2 === 0 ? server : second })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(303));
    expect(new Set(answers.map((a) => a.location)).size).toBe(1);
    const session = (await roomSession(room))!;
    expect(session.players.map((p) => [p.label, p.started])).toEqual([["SAME", true]]);
    expect(await server.db.fieldWrite.count({ where: { sessionId: session.id, ownerKind: "player", key: "started" } })).toBe(1);
  });

  test("a free room without capacity: 30 at once, before any session exists, get 30 distinct players of one session", async () => {
    const room = await newRoom({ config: "basics" });
    const sessionsBefore = await server.db.session.count();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => join(room, undefined, { via: i % 2 === 0 ? server : second })));
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(303));
    const players = answers.map(playerOf);
    expect(new Set(players.map((p) => p.sname)).size).toBe(1);
    expect(new Set(players.map((p) => p.pname)).size).toBe(30);
    expect(await server.db.session.count()).toBe(sessionsBefore + 1);
    const session = (await roomSession(room))!;
    expect(session.name).toBe(players[0]!.sname);
    expect(session.players).toHaveLength(30);
    expect(session.players.map((p) => p.index)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});

test("the project file's room exists after the start, as defined", async () => {
  expect(await server.db.room.findUnique({ where: { name: "fixture_lab" } })).toMatchObject({ config: "basics", labels: '["L1","L2","L3"]', capacity: 2, open: true, fromProject: true });
  expect((await visit("fixture_lab")).html).toContain('data-state="label"');
});
