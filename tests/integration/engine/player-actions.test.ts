import http from "node:http";
import type { AddressInfo } from "node:net";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/errors";
import {
  adjustDeadlines,
  advancePlayers,
  groupPlayers,
  markDropouts,
  movePlayersToEnd,
  revertPlayers,
  runNewPlayer,
  setPlayerFields,
  signalChosenPlayers,
} from "@/lib/engine/admin/player-actions";
import { setSessionActive, setSessionSettings } from "@/lib/engine/admin/session-controls";
import { createRealtime } from "@/lib/realtime/server";
import type { Db } from "@/lib/store/db";
import { installPublisher } from "@/lib/store/outbox";
import { getPage, submitCurrent, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { connectParticipant, eventually, type ParticipantSocket } from "../../helpers/sockets";
import { errorOf } from "../../helpers/errors";

// The admin's player actions, called as the admin pages call them, on the database of a real
// server whose participants play through HTTP (that is how players get onto pages).
let server: RunningServer;
let db: Db;
beforeAll(async () => {
  // A long online window: the server's own dropout sweep must not mark anyone during these tests.
  server = await startServer({ env: { SPROUT_ONLINE_WINDOW_MS: "600000" } });
  db = server.db;
});
afterAll(() => server?.stop());

const ADMIN = "alice";
const valid = { nickname: "Ann", age: "33", likes: "1", comment: "" };
const BASICS_ORDER = ["basics/Intro", "basics/Middle", "finale/Rate"];

/** A basics session of `n` players; the first `started` of them pressed Start and are on Intro (position 0). */
async function basics(n: number, started = n) {
  const s = await newSession(server, "basics", n);
  for (const url of s.urls.slice(0, started)) expect((await submitCurrent(url)).title).toBe("Intro");
  return { ...s, names: s.players.map((p) => p.name) };
}

/** A leavers pair, both grouped and on Play (position 1), each with an open dropout watch. */
async function leaversOnPlay() {
  const s = await newSession(server, "leavers", 2);
  for (const url of s.urls) await submitCurrent(url);
  const rows = await rowsOf(s.id);
  expect(rows.map((p) => p.position)).toEqual([1, 1]);
  expect(rows[0]!.groupId).not.toBeNull();
  expect(rows[1]!.groupId).toBe(rows[0]!.groupId);
  return { ...s, names: s.players.map((p) => p.name), ids: rows.map((p) => p.id) };
}

const rowsOf = (sessionId: number) => db.player.findMany({ where: { sessionId }, orderBy: { index: "asc" } });
const row = (sessionId: number, name: string) => db.player.findFirstOrThrow({ where: { sessionId, name } });

/** A field's current value, decoded (undefined when it has none). */
async function value(ownerKind: string, ownerId: number, key: string) {
  const r = await db.fieldValue.findUnique({ where: { ownerKind_ownerId_key: { ownerKind, ownerId, key } } });
  return r?.value == null ? undefined : JSON.parse(r.value);
}

/** A player's log rows for `key`, oldest first. */
const writesOf = (playerId: number, key: string) => db.fieldWrite.findMany({ where: { ownerKind: "player", ownerId: playerId, key }, orderBy: { seq: "asc" } });

const visitsOf = async (playerId: number) =>
  (await db.pageVisit.findMany({ where: { playerId }, orderBy: { id: "asc" } })).map((v) => [v.position, v.page, v.leftHow]);

/** Everything an action may change: the session's players and the log, audit, visit, group and watch rows. */
async function snapshot(sessionId: number) {
  return {
    players: await rowsOf(sessionId),
    fieldWrites: await db.fieldWrite.count(),
    fieldValues: await db.fieldValue.count(),
    audit: await db.auditEntry.count(),
    visits: await db.pageVisit.count(),
    groups: await db.group.count(),
    watches: await db.dropoutWatch.findMany({ orderBy: { id: "asc" } }),
    onceMarkers: await db.onceMarker.count(),
  };
}

type ErrorType = typeof NotFoundError | typeof InvalidInputError | typeof ConflictError;

/** Checks an action fails with `type` and `message` (exact string, or a pattern) and changes nothing at all. */
async function expectRefused(sessionId: number, run: () => Promise<unknown>, type: ErrorType, message: string | RegExp) {
  const before = await snapshot(sessionId);
  const error = await errorOf(run);
  expect(error).toBeInstanceOf(type);
  if (typeof message === "string") expect((error as Error).message).toBe(message);
  else expect((error as Error).message).toMatch(message);
  expect(await snapshot(sessionId)).toEqual(before);
  return error as InstanceType<ErrorType>;
}

/** Runs an action, checks it appended exactly one audit row with these values, returns its result. */
async function audited<T>(run: () => Promise<T>, action: string, session: string, detail: Record<string, unknown>): Promise<T> {
  const before = await db.auditEntry.count();
  const result = await run();
  expect(await db.auditEntry.count()).toBe(before + 1);
  const entry = await db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
  expect({ admin: entry.admin, action: entry.action, session: entry.session }).toEqual({ admin: ADMIN, action, session });
  expect(JSON.parse(entry.detail)).toEqual(detail);
  return result;
}

describe("advancePlayers", () => {
  test("moves a started player to the next page, as the admin: position, page visit and field log", async () => {
    const s = await basics(1);
    const [name] = s.names;
    const before = await row(s.id, name!);
    expect(JSON.parse(before.pageOrder)).toEqual(BASICS_ORDER);
    const result = await audited(() => advancePlayers(db, ADMIN, s.name, [name!]), "players.advance", s.name, { players: [name], changed: 1 });
    expect(result).toEqual({ changed: 1, message: "Advanced 1 player." });
    expect(await row(s.id, name!)).toMatchObject({ position: 1, app: "basics", started: true, dropout: false });
    expect(await visitsOf(before.id)).toEqual([
      [0, "basics/Intro", "admin"],
      [1, "basics/Middle", null],
    ]);
    const positions = await writesOf(before.id, "position");
    expect(positions.map((w) => w.value)).toEqual(["0", "1"]);
    expect(positions[1]).toMatchObject({ byKind: "admin", byName: ADMIN, hook: null, app: "basics", position: 0 });
    expect(await value("player", before.id, "position")).toBe(1);
    // The page left was skipped, not submitted: none of its fields were stored.
    expect(await value("player", before.id, "nickname")).toBeUndefined();
    expect((await getPage(s.urls[0]!)).title).toBe("Middle");
  });

  test("across apps the app changes too, and the last advance reaches the end page", async () => {
    const s = await basics(1);
    const id = (await row(s.id, s.names[0]!)).id;
    await advancePlayers(db, ADMIN, s.name, s.names);
    await advancePlayers(db, ADMIN, s.name, s.names);
    expect(await row(s.id, s.names[0]!)).toMatchObject({ position: 2, app: "finale" });
    const apps = await writesOf(id, "app");
    expect(apps.at(-1)).toMatchObject({ value: '"finale"', byKind: "admin", byName: ADMIN, position: 1 });
    expect((await getPage(s.urls[0]!)).title).toBe("Rate");
    expect(await advancePlayers(db, ADMIN, s.name, s.names)).toEqual({ changed: 1, message: "Advanced 1 player." });
    expect(await row(s.id, s.names[0]!)).toMatchObject({ position: 3, app: null });
    expect((await getPage(s.urls[0]!)).title).toBe("Thank you");
  });

  test("a player who has not started and one at the end are left alone and counted out", async () => {
    const s = await basics(3, 2);
    const [onIntro, atEnd, unstarted] = s.names as [string, string, string];
    await movePlayersToEnd(db, ADMIN, s.name, [atEnd]);
    const [endBefore, unstartedBefore] = [await row(s.id, atEnd), await row(s.id, unstarted)];
    const visits = await db.pageVisit.count({ where: { sessionId: s.id } });
    const result = await audited(() => advancePlayers(db, ADMIN, s.name, [unstarted, onIntro, atEnd]), "players.advance", s.name, {
      players: [unstarted, onIntro, atEnd],
      changed: 1,
    });
    expect(result).toEqual({ changed: 1, message: "Advanced 1 player (2 had not started or were at the end)." });
    expect((await row(s.id, onIntro)).position).toBe(1);
    expect(await row(s.id, atEnd)).toEqual(endBefore);
    expect(await row(s.id, unstarted)).toEqual(unstartedBefore);
    expect(unstartedBefore).toMatchObject({ position: -1, started: false });
    expect(await db.pageVisit.count({ where: { sessionId: s.id } })).toBe(visits + 1);
  });

  test("with no started player nothing moves, and the message counts them out", async () => {
    const s = await basics(2, 0);
    expect(await advancePlayers(db, ADMIN, s.name, s.names)).toEqual({ changed: 0, message: "Advanced 0 players (2 had not started or were at the end)." });
    expect((await rowsOf(s.id)).map((p) => p.position)).toEqual([-1, -1]);
  });
});

describe("moves are refused while the session is paused", () => {
  const moves: [string, (sname: string, names: string[]) => Promise<unknown>][] = [
    ["advancePlayers", (sname, names) => advancePlayers(db, ADMIN, sname, names)],
    ["revertPlayers", (sname, names) => revertPlayers(db, ADMIN, sname, names)],
    ["movePlayersToEnd", (sname, names) => movePlayersToEnd(db, ADMIN, sname, names)],
  ];
  test.each(moves)("%s: 409, nothing changed; after resuming it works", async (_name, run) => {
    const s = await basics(1);
    await submitCurrent(s.urls[0]!, valid); // on Middle, so revert has somewhere to go
    await setSessionActive(db, ADMIN, s.name, false);
    const error = await expectRefused(s.id, () => run(s.name, s.names), ConflictError, "The session is paused: resume it before moving players or marking dropouts");
    expect(error.status).toBe(409);
    await setSessionActive(db, ADMIN, s.name, true);
    await run(s.name, s.names);
    expect((await row(s.id, s.names[0]!)).position).not.toBe(1);
  });
});

describe("revertPlayers", () => {
  test("moves a player back one page; the answers given stay", async () => {
    const s = await basics(1);
    await submitCurrent(s.urls[0]!, valid);
    const id = (await row(s.id, s.names[0]!)).id;
    const result = await audited(() => revertPlayers(db, ADMIN, s.name, s.names), "players.revert", s.name, { players: s.names, changed: 1 });
    expect(result).toEqual({ changed: 1, message: "Moved 1 player back one page." });
    expect(await row(s.id, s.names[0]!)).toMatchObject({ position: 0, app: "basics" });
    expect(await visitsOf(id)).toEqual([
      [0, "basics/Intro", "submit"],
      [1, "basics/Middle", "admin"],
      [0, "basics/Intro", null],
    ]);
    expect((await writesOf(id, "position")).map((w) => [w.value, w.byKind, w.byName])).toEqual([
      ["0", "participant", null],
      ["1", "participant", null],
      ["0", "admin", ADMIN],
    ]);
    expect(await value("player", id, "nickname")).toBe("Ann");
    expect((await getPage(s.urls[0]!)).title).toBe("Intro");
  });

  test("from the end page it goes back to the last page", async () => {
    const s = await basics(1);
    await movePlayersToEnd(db, ADMIN, s.name, s.names);
    expect(await revertPlayers(db, ADMIN, s.name, s.names)).toEqual({ changed: 1, message: "Moved 1 player back one page." });
    expect(await row(s.id, s.names[0]!)).toMatchObject({ position: 2, app: "finale" });
    expect((await getPage(s.urls[0]!)).title).toBe("Rate");
  });

  test("on the first page, or not started, nothing changes but the audit", async () => {
    const s = await basics(2, 1);
    const before = await snapshot(s.id);
    const result = await audited(() => revertPlayers(db, ADMIN, s.name, s.names), "players.revert", s.name, { players: s.names, changed: 0 });
    expect(result).toEqual({ changed: 0, message: "Moved 0 players back one page (2 had no earlier page)." });
    expect(await snapshot(s.id)).toEqual({ ...before, audit: before.audit + 1 });
    expect((await rowsOf(s.id)).map((p) => p.position)).toEqual([0, -1]);
  });
});

describe("movePlayersToEnd", () => {
  test("ends the study for a started and an unstarted player; a second time changes nothing", async () => {
    const s = await basics(2, 1);
    const [started, unstarted] = s.names as [string, string];
    const result = await audited(() => movePlayersToEnd(db, ADMIN, s.name, s.names), "players.moveToEnd", s.name, { players: s.names, changed: 2 });
    expect(result).toEqual({ changed: 2, message: "Moved 2 players to the end." });
    const a = await row(s.id, started);
    expect(a).toMatchObject({ position: 3, app: null, started: true });
    expect(a.position).toBe(JSON.parse(a.pageOrder).length);
    const b = await row(s.id, unstarted);
    // Not started: no page order yet, so its end is position 0.
    expect(b).toMatchObject({ position: 0, pageOrder: "[]", started: false, initialized: false });
    expect(await visitsOf(a.id)).toEqual([[0, "basics/Intro", "admin"]]);
    expect(await visitsOf(b.id)).toEqual([]);
    expect((await writesOf(a.id, "position")).at(-1)).toMatchObject({ value: "3", byKind: "admin", byName: ADMIN, position: 0 });
    expect((await writesOf(b.id, "position")).map((w) => [w.value, w.byKind, w.byName, w.position])).toEqual([["0", "admin", ADMIN, -1]]);
    for (const url of s.urls) expect((await getPage(url)).title).toBe("Thank you");
    const before = await snapshot(s.id);
    expect(await movePlayersToEnd(db, ADMIN, s.name, s.names)).toEqual({ changed: 0, message: "Moved 0 players to the end (2 were there already)." });
    expect(await snapshot(s.id)).toEqual({ ...before, audit: before.audit + 1 });
  });

  test("a finished player's dropout watches close", async () => {
    const s = await leaversOnPlay();
    expect(await db.dropoutWatch.count({ where: { playerId: s.ids[0], firedAt: null } })).toBe(1);
    await movePlayersToEnd(db, ADMIN, s.name, [s.names[0]!]);
    expect(await db.dropoutWatch.count({ where: { playerId: s.ids[0], firedAt: null } })).toBe(0);
    expect(await db.dropoutWatch.count({ where: { playerId: s.ids[1], firedAt: null } })).toBe(1);
  });
});

describe("signalChosenPlayers", () => {
  test.each([
    [{ kind: "reload" as const }, "players.reload", {}, "Reloaded the pages of 2 players (whoever has the study open gets it at once)."],
    [{ kind: "message" as const, text: "  Please raise your hand.  " }, "players.message", { text: "Please raise your hand." }, "Sent the message to 2 players (whoever has the study open gets it at once)."],
    [{ kind: "redirect" as const, url: "https://example.org/thanks" }, "players.redirect", { url: "https://example.org/thanks" }, "Redirected 2 players (whoever has the study open gets it at once)."],
  ])("%j is audited and stores nothing else", async (signal, action, detail, message) => {
    const s = await basics(2, 1);
    const before = await snapshot(s.id);
    const result = await audited(() => signalChosenPlayers(db, ADMIN, s.name, s.names, signal), action, s.name, { ...detail, players: s.names, changed: 2 });
    expect(result).toEqual({ changed: 2, message });
    expect(await snapshot(s.id)).toEqual({ ...before, audit: before.audit + 1 });
  });

  test.each([
    ["a javascript: redirect", { kind: "redirect", url: "javascript:alert(1)" }, "Redirects go to http:// or https:// addresses only"],
    ["an ftp: redirect", { kind: "redirect", url: "ftp://x" }, "Redirects go to http:// or https:// addresses only"],
    ["a redirect without a scheme", { kind: "redirect", url: "example.org/page" }, "Redirects go to http:// or https:// addresses only"],
    ["an empty message", { kind: "message", text: "" }, "The message is empty"],
    ["a blank message", { kind: "message", text: " \n\t " }, "The message is empty"],
    ["a message of 5001 characters", { kind: "message", text: "x".repeat(5001) }, "The message is longer than 5000 characters"],
    ["an unknown kind", { kind: "shout" }, /^Invalid discriminator value/],
  ])("%s is refused with 400, nothing audited", async (_what, signal, message) => {
    const s = await basics(1, 0);
    const error = await expectRefused(s.id, () => signalChosenPlayers(db, ADMIN, s.name, s.names, signal as never), InvalidInputError, message);
    expect(error.status).toBe(400);
  });
});

describe("markDropouts", () => {
  test("flags the player, logs it as the admin, fires their watch, runs the handler and releases the waiting partner", async () => {
    const s = await leaversOnPlay();
    const [leaver, stayer] = s.names as [string, string];
    const [leaverId, stayerId] = s.ids as [number, number];
    expect((await submitCurrent(s.urls[1]!, { n: 1 })).title).toBe("Please wait");
    expect((await row(s.id, stayer)).position).toBe(2);
    const result = await audited(() => markDropouts(db, ADMIN, s.name, [leaver]), "players.markDropout", s.name, { players: [leaver], changed: 1 });
    expect(result).toEqual({ changed: 1, message: "Marked 1 player as dropouts." });
    expect(await row(s.id, leaver)).toMatchObject({ dropout: true, position: 1 });
    const flag = await writesOf(leaverId, "dropout");
    expect(flag.map((w) => ({ value: w.value, byKind: w.byKind, byName: w.byName, app: w.app, position: w.position }))).toEqual([
      { value: "true", byKind: "admin", byName: ADMIN, app: "leavers", position: 1 },
    ]);
    expect(await value("player", leaverId, "dropout")).toBe(true);
    // The leaver's watch fired; the partner's is still open.
    const watches = await db.dropoutWatch.findMany({ where: { sessionId: s.id }, orderBy: { playerId: "asc" } });
    expect(watches.map((w) => [w.playerId, w.handler, w.firedAt !== null])).toEqual([
      [leaverId, "leave", true],
      [stayerId, "leave", false],
    ]);
    // The fixture's handler counts on the session and tells the partner.
    expect(await value("session", s.id, "handled")).toBe(1);
    expect((await db.fieldWrite.findFirstOrThrow({ where: { sessionId: s.id, key: "handled" } })).hook).toBe("dropout:leave");
    expect(await value("player", stayerId, "partnerLeft")).toBe(true);
    expect(await value("player", leaverId, "partnerLeft")).toBeUndefined();
    // The sync page no longer waits for the dropout.
    expect((await row(s.id, stayer)).position).toBe(3);
    expect((await visitsOf(stayerId)).at(-2)).toEqual([2, "leavers/Sync", "released"]);
    expect(text((await getPage(s.urls[1]!)).html)).toContain("partnerLeft=true");

    const before = await snapshot(s.id);
    const again = await audited(() => markDropouts(db, ADMIN, s.name, [leaver]), "players.markDropout", s.name, { players: [leaver], changed: 0 });
    expect(again).toEqual({ changed: 0, message: "Marked 0 players as dropouts (1 were already)." });
    expect(await snapshot(s.id)).toEqual({ ...before, audit: before.audit + 1 });
    expect(await value("session", s.id, "handled")).toBe(1);
  });

  test("a player who has not started is flagged, with no page context and no handler", async () => {
    const s = await basics(1, 0);
    const id = (await row(s.id, s.names[0]!)).id;
    expect(await markDropouts(db, ADMIN, s.name, s.names)).toEqual({ changed: 1, message: "Marked 1 player as dropouts." });
    expect(await row(s.id, s.names[0]!)).toMatchObject({ dropout: true, position: -1 });
    expect((await writesOf(id, "dropout")).map((w) => [w.value, w.byKind, w.byName, w.app, w.position])).toEqual([["true", "admin", ADMIN, null, -1]]);
  });
});

describe("setPlayerFields", () => {
  test("writes every field on every chosen player as the admin, overwriting an answer", async () => {
    const s = await basics(2, 1);
    await submitCurrent(s.urls[0]!, valid);
    const [a, b] = await rowsOf(s.id);
    const fields = { bonus: 2.5, nickname: "Zed", tags: ["x", "y"], nested: { ok: true, none: null } };
    const result = await audited(() => setPlayerFields(db, ADMIN, s.name, s.names, fields), "players.setFields", s.name, { fields, players: s.names, changed: 2 });
    expect(result).toEqual({ changed: 2, message: "Set 4 fields on 2 players." });
    for (const p of [a!, b!]) for (const [key, v] of Object.entries(fields)) expect(await value("player", p.id, key)).toEqual(v);
    // The started player's writes carry the page they are on; the unstarted one's carry none.
    expect((await writesOf(a!.id, "bonus")).map((w) => [w.value, w.byKind, w.byName, w.app, w.position, w.hook])).toEqual([["2.5", "admin", ADMIN, "basics", 1, null]]);
    expect((await writesOf(b!.id, "bonus")).map((w) => [w.value, w.byKind, w.byName, w.app, w.position])).toEqual([["2.5", "admin", ADMIN, null, -1]]);
    expect((await writesOf(a!.id, "nickname")).map((w) => [w.value, w.byKind])).toEqual([
      ['"Ann"', "participant"],
      ['"Zed"', "admin"],
    ]);
    // Positions are untouched.
    expect((await rowsOf(s.id)).map((p) => p.position)).toEqual([1, -1]);
  });

  const invalid: [string, unknown, string | RegExp][] = [
    ["an array", [{ a: 1 }], 'Fields must be a JSON object ({ "name": value, ... })'],
    ["null", null, 'Fields must be a JSON object ({ "name": value, ... })'],
    ["a string", '{"a":1}', 'Fields must be a JSON object ({ "name": value, ... })'],
    ["a number", 7, 'Fields must be a JSON object ({ "name": value, ... })'],
    ["an empty object", {}, "The object has no fields to set"],
    ["position", { position: 2 }, '"position" is kept by Sprout and cannot be set'],
    ["dropout beside a free name", { score: 1, dropout: false }, '"dropout" is kept by Sprout and cannot be set'],
    ["two reserved names", { group: 1, memberIndex: 0 }, '"group", "memberIndex" are kept by Sprout and cannot be set'],
    ["undefined inside", { a: 1, b: undefined }, /fields\.b is undefined; values are plain JSON/],
    ["NaN", { n: Number.NaN }, /fields\.n is NaN, which JSON cannot store/],
    ["Infinity deep inside", { deep: { list: [1, Number.POSITIVE_INFINITY] } }, /fields\.deep\.list\[1\] is Infinity, which JSON cannot store/],
    ["a function", { f: () => 1 }, /fields\.f is function; values are plain JSON/],
    ["a Date inside", { when: new Date("2025-01-01") }, /fields\.when is Date; values are plain JSON/],
  ];
  test.each(invalid)("refuses %s with 400 and writes nothing", async (_what, fields, message) => {
    const s = await basics(1, 0);
    const error = await expectRefused(s.id, () => setPlayerFields(db, ADMIN, s.name, s.names, fields), InvalidInputError, message);
    expect(error.status).toBe(400);
  });
});

describe("groupPlayers", () => {
  test("same: one group of all, members in the order given", async () => {
    const s = await basics(3, 0);
    const order = [s.names[2]!, s.names[0]!, s.names[1]!];
    const result = await audited(() => groupPlayers(db, ADMIN, s.name, order, { kind: "same" }), "players.group.same", s.name, { players: order, changed: 3 });
    expect(result).toEqual({ changed: 3, message: "Formed 1 group (g1)." });
    const group = await db.group.findFirstOrThrow({ where: { sessionId: s.id } });
    // Made for the app they are headed for (basics has no grouping page: the app they start in).
    expect(group).toMatchObject({ name: "g1", index: 1, app: "basics" });
    const rows = await Promise.all(order.map((n) => row(s.id, n)));
    expect(rows.map((p) => [p.groupId, p.memberIndex])).toEqual([
      [group.id, 0],
      [group.id, 1],
      [group.id, 2],
    ]);
    expect(JSON.parse(group.members)).toEqual(rows.map((p) => p.id));
    for (const [i, p] of rows.entries()) {
      expect((await writesOf(p.id, "memberIndex")).map((w) => [w.value, w.byKind, w.byName])).toEqual([[String(i), "admin", ADMIN]]);
      expect(await value("player", p.id, "group")).toBe(1);
    }
  });

  test("bySize 2 of 4, in the order given: two pairs", async () => {
    const s = await basics(4, 0);
    const result = await audited(() => groupPlayers(db, ADMIN, s.name, s.names, { kind: "bySize", size: 2, shuffle: false }), "players.group.bySize", s.name, {
      size: 2,
      shuffle: false,
      players: s.names,
      changed: 4,
    });
    expect(result).toEqual({ changed: 4, message: "Formed 2 groups (g1, g2)." });
    const groups = await db.group.findMany({ where: { sessionId: s.id }, orderBy: { index: "asc" } });
    expect(groups.map((g) => g.name)).toEqual(["g1", "g2"]);
    expect((await rowsOf(s.id)).map((p) => [p.groupId, p.memberIndex])).toEqual([
      [groups[0]!.id, 0],
      [groups[0]!.id, 1],
      [groups[1]!.id, 0],
      [groups[1]!.id, 1],
    ]);
  });

  test("bySize shuffled: still two full pairs of distinct players", async () => {
    const s = await basics(4, 0);
    expect((await groupPlayers(db, ADMIN, s.name, s.names, { kind: "bySize", size: 2, shuffle: true })).changed).toBe(4);
    const groups = await db.group.findMany({ where: { sessionId: s.id } });
    expect(groups).toHaveLength(2);
    const members = groups.flatMap((g) => JSON.parse(g.members) as number[]);
    expect(new Set(members).size).toBe(4);
    for (const g of groups) {
      const rows = await db.player.findMany({ where: { groupId: g.id }, orderBy: { memberIndex: "asc" } });
      expect(rows.map((p) => p.memberIndex)).toEqual([0, 1]);
      expect(rows.map((p) => p.id)).toEqual(JSON.parse(g.members));
    }
  });

  test("bySize 3 of 4 is refused inside the transaction: no group, no write, no audit", async () => {
    const s = await basics(4, 0);
    await expectRefused(s.id, () => groupPlayers(db, ADMIN, s.name, s.names, { kind: "bySize", size: 3, shuffle: false }), InvalidInputError, "4 players cannot be split into groups of 3: choose a multiple of 3");
  });

  test.each([0, -2, 1.5, Number.NaN])("size %p is refused", async (size) => {
    const s = await basics(2, 0);
    await expectRefused(s.id, () => groupPlayers(db, ADMIN, s.name, s.names, { kind: "bySize", size, shuffle: false }), InvalidInputError, "The group size must be a whole number of at least 1");
  });

  test("reset: the grouped players leave their group (logged as null); ungrouped ones are counted out", async () => {
    const s = await basics(3, 0);
    const [a, b, c] = s.names as [string, string, string];
    await groupPlayers(db, ADMIN, s.name, [a, b], { kind: "same" });
    const result = await audited(() => groupPlayers(db, ADMIN, s.name, s.names, { kind: "reset" }), "players.group.reset", s.name, { players: s.names, changed: 2 });
    expect(result).toEqual({ changed: 2, message: "Removed 2 players from their groups." });
    const rows = await rowsOf(s.id);
    expect(rows.map((p) => [p.groupId, p.memberIndex])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect((await writesOf(rows[0]!.id, "group")).map((w) => [w.value, w.byKind, w.byName])).toEqual([
      ["1", "admin", ADMIN],
      ["null", "admin", ADMIN],
    ]);
    expect(await writesOf(rows[2]!.id, "group")).toEqual([]);
    expect(await value("player", rows[1]!.id, "memberIndex")).toBeNull();
    expect((await row(s.id, c)).groupId).toBeNull();
  });
});

describe("runNewPlayer", () => {
  test("runs the newPlayer hook again for a started player, as the admin; an unstarted one waits for their start", async () => {
    const s = await basics(2, 1);
    const [a, b] = await rowsOf(s.id);
    expect(await value("player", a!.id, "playerInits")).toBe(1);
    const result = await audited(() => runNewPlayer(db, ADMIN, s.name, s.names), "players.runNewPlayer", s.name, { players: s.names, changed: 1 });
    expect(result).toEqual({ changed: 1, message: "Ran newPlayer for 1 player (1 not started yet: it runs when they start)." });
    expect(await value("player", a!.id, "playerInits")).toBe(2);
    expect((await writesOf(a!.id, "playerInits")).map((w) => [w.value, w.byKind, w.byName, w.hook, w.app])).toEqual([
      ["1", "hook", "newPlayer", "newPlayer", "basics"],
      ["2", "admin", ADMIN, "newPlayer", "basics"],
    ]);
    expect(await value("player", b!.id, "playerInits")).toBeUndefined();
    expect(await row(s.id, s.names[1]!)).toMatchObject({ position: -1, started: false, initialized: false });
    // The unstarted player gets it (once) when they start.
    await submitCurrent(s.urls[1]!);
    expect(await value("player", b!.id, "playerInits")).toBe(1);
  });

  test("only unstarted players: nothing runs, and the message says so", async () => {
    const s = await basics(1, 0);
    const before = await snapshot(s.id);
    expect(await runNewPlayer(db, ADMIN, s.name, s.names)).toEqual({ changed: 0, message: "Ran newPlayer for 0 players (1 not started yet: it runs when they start)." });
    expect(await snapshot(s.id)).toEqual({ ...before, audit: before.audit + 1 });
  });

  test("a hook that throws changes nothing: no value, no audit", async () => {
    const s = await basics(1);
    await setSessionSettings(db, ADMIN, s.name, { failStart: true, greeting: "hi" });
    const before = await snapshot(s.id);
    const error = await errorOf(() => runNewPlayer(db, ADMIN, s.name, s.names));
    expect((error as Error).message).toMatch(/newPlayer of basics failed: start refused by the fixture/);
    expect(await snapshot(s.id)).toEqual(before);
    expect(await value("player", before.players[0]!.id, "playerInits")).toBe(1);
  });
});

describe("every action refuses a bad selection and changes nothing", () => {
  const actions: [string, (sname: string, names: string[]) => Promise<unknown>][] = [
    ["advancePlayers", (sname, names) => advancePlayers(db, ADMIN, sname, names)],
    ["revertPlayers", (sname, names) => revertPlayers(db, ADMIN, sname, names)],
    ["movePlayersToEnd", (sname, names) => movePlayersToEnd(db, ADMIN, sname, names)],
    ["signal reload", (sname, names) => signalChosenPlayers(db, ADMIN, sname, names, { kind: "reload" })],
    ["signal message", (sname, names) => signalChosenPlayers(db, ADMIN, sname, names, { kind: "message", text: "hello" })],
    ["signal redirect", (sname, names) => signalChosenPlayers(db, ADMIN, sname, names, { kind: "redirect", url: "https://example.org/" })],
    ["markDropouts", (sname, names) => markDropouts(db, ADMIN, sname, names)],
    ["setPlayerFields", (sname, names) => setPlayerFields(db, ADMIN, sname, names, { bonus: 1 })],
    ["group same", (sname, names) => groupPlayers(db, ADMIN, sname, names, { kind: "same" })],
    ["group bySize 1", (sname, names) => groupPlayers(db, ADMIN, sname, names, { kind: "bySize", size: 1, shuffle: false })],
    ["group reset", (sname, names) => groupPlayers(db, ADMIN, sname, names, { kind: "reset" })],
    ["runNewPlayer", (sname, names) => runNewPlayer(db, ADMIN, sname, names)],
  ];

  // One shared session (one player on Intro, one grouped and on Middle): none of these may change it.
  let s: Awaited<ReturnType<typeof basics>>;
  beforeAll(async () => {
    s = await basics(2);
    await submitCurrent(s.urls[1]!, valid);
    await groupPlayers(db, ADMIN, s.name, [s.names[1]!], { kind: "same" });
  });

  test.each(actions)("%s: an unknown session is a 404", async (_name, run) => {
    const error = await expectRefused(s.id, () => run("no-such-session", s.names), NotFoundError, 'There is no session "no-such-session"');
    expect(error.status).toBe(404);
  });

  test.each(actions)("%s: an empty selection is a 400", async (_name, run) => {
    const error = await expectRefused(s.id, () => run(s.name, []), InvalidInputError, "No players selected: choose at least one player");
    expect(error.status).toBe(400);
  });

  test.each(actions)("%s: a name not in the session is a 404 naming it, even beside real ones", async (_name, run) => {
    const error = await expectRefused(s.id, () => run(s.name, [...s.names, "nobody"]), NotFoundError, `Session "${s.name}" has no player "nobody"`);
    expect(error.status).toBe(404);
  });

  test.each(actions)("%s: a player of another session is not found in this one", async (_name, run) => {
    const other = await newSession(server, "basics", 1);
    await expectRefused(s.id, () => run(s.name, [other.players[0]!.name]), NotFoundError, `Session "${s.name}" has no player "${other.players[0]!.name}"`);
  });

  test.each(actions)("%s: names that are not names are a 400", async (_name, run) => {
    await expectRefused(s.id, () => run(s.name, [""]), InvalidInputError, "Players are given by their names");
    await expectRefused(s.id, () => run(s.name, ["x".repeat(65)]), InvalidInputError, "Players are given by their names");
    await expectRefused(s.id, () => run(s.name, [42] as never), InvalidInputError, "Players are given by their names");
  });

  test("more than five missing names: five are named", async () => {
    const missing = ["m1", "m2", "m3", "m4", "m5", "m6", "m7"];
    await expectRefused(s.id, () => advancePlayers(db, ADMIN, s.name, missing), NotFoundError, `Session "${s.name}" has no player "m1", "m2", "m3", "m4", "m5", ...`);
  });

  test("a name given twice counts once", async () => {
    const t = await basics(1);
    const name = t.names[0]!;
    const result = await audited(() => advancePlayers(db, ADMIN, t.name, [name, name]), "players.advance", t.name, { players: [name], changed: 1 });
    expect(result).toEqual({ changed: 1, message: "Advanced 1 player." });
    expect((await row(t.id, name)).position).toBe(1);
  });
});

describe("delivery to the players' open tabs", () => {
  // The engine's news goes out through the publisher that createRealtime installs in its own
  // process: one runs here, on the same database as the test server, and the tabs connect to it.
  let httpServer: http.Server;
  let stop: () => Promise<void>;
  let base: string;
  const tabs: ParticipantSocket[] = [];
  beforeAll(async () => {
    httpServer = http.createServer();
    const realtime = createRealtime(httpServer, { db: () => db, read: () => db });
    await new Promise<void>((r) => httpServer.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    stop = async () => {
      await realtime.presence.stop();
      realtime.stopMonitorFeed();
      await new Promise((r) => realtime.io.close(() => r(undefined)));
      delete (globalThis as { sproutIo?: unknown }).sproutIo;
      installPublisher(undefined);
    };
  });
  afterAll(async () => {
    for (const t of tabs) t.close();
    await stop?.();
  });

  const open = async (sname: string, pname: string) => {
    const tab = await connectParticipant(base, `${base}/p/${sname}/${pname}/`);
    tabs.push(tab);
    return tab;
  };

  test("message, reload and redirect reach the chosen player's tabs and no one else's; a move refreshes the page", async () => {
    const s = await basics(2);
    const [mine, other] = [await open(s.name, s.names[0]!), await open(s.name, s.names[1]!)];
    const chosen = [s.names[0]!];
    await signalChosenPlayers(db, ADMIN, s.name, chosen, { kind: "message", text: " Please raise your hand. " });
    await signalChosenPlayers(db, ADMIN, s.name, chosen, { kind: "reload" });
    await signalChosenPlayers(db, ADMIN, s.name, chosen, { kind: "redirect", url: "https://example.org/thanks" });
    await eventually(() => mine.received.length >= 3);
    expect(mine.received).toEqual([
      { event: "page:message", payload: { text: "Please raise your hand." } },
      { event: "page:reload", payload: undefined },
      { event: "page:redirect", payload: { url: "https://example.org/thanks" } },
    ]);
    await advancePlayers(db, ADMIN, s.name, chosen);
    await eventually(() => mine.received.length >= 4);
    expect(mine.received[3]).toEqual({ event: "page:refresh", payload: undefined });
    expect(other.received).toEqual([]);
  });

  test("a refused signal reaches no one", async () => {
    const s = await basics(1, 0);
    const tab = await open(s.name, s.names[0]!);
    await expect(errorOf(() => signalChosenPlayers(db, ADMIN, s.name, s.names, { kind: "redirect", url: "javascript:alert(1)" }))).resolves.toBeInstanceOf(InvalidInputError);
    await new Promise((r) => setTimeout(r, 200));
    expect(tab.received).toEqual([]);
  });
});

describe("actions over a group whose members release each other", () => {
  /** A leavers pair: the first on Play (position 1), the second waiting for them on Sync (position 2). */
  async function oneWaiting() {
    const s = await leaversOnPlay();
    expect((await submitCurrent(s.urls[1]!, { n: 1 })).title).toBe("Please wait");
    return s;
  }

  test("advancing both: the first's move releases the second, who is then taken from where they are now", async () => {
    const s = await oneWaiting();
    const result = await advancePlayers(db, ADMIN, s.name, s.names);
    expect((await rowsOf(s.id)).map((p) => p.position)).toEqual([3, 3]);
    expect(result).toEqual({ changed: 2, message: "Advanced 2 players." });
  });

  test("moving the player others wait for to the end releases them", async () => {
    const s = await oneWaiting();
    await movePlayersToEnd(db, ADMIN, s.name, [s.names[0]!]);
    const [ended, waiting] = await rowsOf(s.id);
    expect(ended!.position).toBe(JSON.parse(ended!.pageOrder).length);
    expect(waiting!.position).toBe(3);
  });

  test("marking a dropout while paused is refused with a clear 409 and changes nothing", async () => {
    const s = await oneWaiting();
    await setSessionActive(db, ADMIN, s.name, false);
    await expectRefused(s.id, () => markDropouts(db, ADMIN, s.name, [s.names[0]!]), ConflictError, "The session is paused: resume it before moving players or marking dropouts");
    await setSessionActive(db, ADMIN, s.name, true);
  });
});

describe("adjustDeadlines (Adjust time)", () => {
  /** A timed session of `n` players, all started and on Quick (60 s). */
  async function onQuick(n: number) {
    const s = await newSession(server, "timed", n);
    for (const url of s.urls) expect((await submitCurrent(url)).title).toBe("Quick");
    return { ...s, names: s.players.map((p) => p.name), ids: (await rowsOf(s.id)).map((p) => p.id) };
  }
  const deadlineOf = (playerId: number, position = 0) => db.deadline.findUnique({ where: { playerId_position: { playerId, position } } });

  test("moves the current page's deadline by the seconds, either way; the countdown shows the new time", async () => {
    const s = await onQuick(2);
    const before = (await deadlineOf(s.ids[0]!))!.dueAt.getTime();
    const result = await audited(() => adjustDeadlines(db, ADMIN, s.name, [s.names[0]!], 120), "players.adjustTimeout", s.name, { seconds: 120, players: [s.names[0]], changed: 1 });
    expect(result).toEqual({ changed: 1, message: "Gave 1 player 120 s more on their page." });
    expect((await deadlineOf(s.ids[0]!))!.dueAt.getTime()).toBe(before + 120_000);
    // The other player's deadline is untouched.
    expect((await deadlineOf(s.ids[1]!))!.dueAt.getTime()).toBeLessThan(before + 60_000);
    await adjustDeadlines(db, ADMIN, s.name, [s.names[0]!], -30);
    expect((await deadlineOf(s.ids[0]!))!.dueAt.getTime()).toBe(before + 90_000);
    // About 150 s left (60 + 120 - 30), shown as 2:xx.
    expect(text((await getPage(s.urls[0]!)).html)).toMatch(/Time left on this page: 2:[0-5]\d/);
  });

  test("a page without a time limit gets one, from now; with fewer seconds nothing changes there", async () => {
    const s = await basics(2);
    const [id] = (await rowsOf(s.id)).map((p) => p.id);
    expect(await deadlineOf(id!)).toBeNull();
    expect(text((await getPage(s.urls[0]!)).html)).not.toContain("Time left");
    const less = await adjustDeadlines(db, ADMIN, s.name, [s.names[0]!], -30);
    expect(less.changed).toBe(0);
    expect(await deadlineOf(id!)).toBeNull();
    const t0 = Date.now();
    const more = await adjustDeadlines(db, ADMIN, s.name, [s.names[0]!], 300);
    expect(more.message).toBe("Gave 1 player 300 s more on their page (1 had no time limit: it now ends in 300 s).");
    const due = (await deadlineOf(id!))!.dueAt.getTime();
    expect(due).toBeGreaterThanOrEqual(t0 + 300_000);
    expect(due).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(text((await getPage(s.urls[0]!)).html)).toMatch(/Time left on this page: [45]:[0-5]\d/);
  });

  test("an admin's deadline on an untimed page moves the player on when it runs out, keeping valid answers of the auto-submit", async () => {
    const s = await basics(1);
    const [id] = (await rowsOf(s.id)).map((p) => p.id);
    await adjustDeadlines(db, ADMIN, s.name, s.names, 60);
    await db.deadline.update({ where: { playerId_position: { playerId: id!, position: 0 } }, data: { dueAt: new Date(Date.now() - 1000) } });
    const page = await submitCurrent(s.urls[0]!, { ...valid, _timeout: "1" });
    expect(page.title).toBe("Middle");
    expect(await value("player", id!, "nickname")).toBe("Ann");
    // The answers are the participant's; the move is the clock's.
    expect((await writesOf(id!, "nickname"))[0]).toMatchObject({ byKind: "participant" });
    expect(await db.fieldWrite.findFirstOrThrow({ where: { ownerId: id!, ownerKind: "player", key: "position", position: 0 } })).toMatchObject({ byKind: "timeout" });
    expect((await deadlineOf(id!))!.firedAt).not.toBeNull();
    expect(await visitsOf(id!)).toEqual([[0, "basics/Intro", "timeout"], [1, "basics/Middle", null]]);
  });

  test("players not started, at the end or not on a page are left alone and counted out", async () => {
    const s = await basics(3, 1);
    const result = await adjustDeadlines(db, ADMIN, s.name, s.names, 60);
    expect(result).toEqual({ changed: 1, message: "Gave 1 player 60 s more on their page (1 had no time limit: it now ends in 60 s); 2 were not on a page with a time limit to change." });
  });

  test.each([
    [0, "Give a number of seconds other than 0"],
    [1.5, "Give a whole number of seconds"],
    [Number.NaN, "Give the seconds as a number"],
    [86_401, "At most 86400 seconds either way"],
    [-86_401, "At most 86400 seconds either way"],
  ])("%p seconds is refused and changes nothing", async (seconds, message) => {
    const s = await onQuick(1);
    const before = await deadlineOf(s.ids[0]!);
    await expectRefused(s.id, () => adjustDeadlines(db, ADMIN, s.name, s.names, seconds), InvalidInputError, message);
    expect(await deadlineOf(s.ids[0]!)).toEqual(before);
  });

  test("unknown players are a 404 and nothing moves", async () => {
    const s = await onQuick(1);
    await expectRefused(s.id, () => adjustDeadlines(db, ADMIN, s.name, ["ghost"], 30), NotFoundError, `Session "${s.name}" has no player "ghost"`);
  });
});

