import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { runNewSession, setSessionActive, setSessionDescription, setSessionSettings, setSessionTesting } from "@/lib/engine/admin/session-controls";
import { createSession } from "@/lib/engine/admin/sessions";
import type { Db } from "@/lib/store/db";
import { parseJsonObject } from "@/lib/store/json";
import { freshDb } from "../../helpers/database";
import { errorOf } from "../../helpers/errors";

let db: Db;
beforeAll(() => ({ db } = freshDb()));
afterAll(() => db.$disconnect());

const ADMIN = "alice";

const create = (config = "basics", players = 1) => createSession(db, { config, players }, { byKind: "system" });

const sessionRow = (name: string) => db.session.findUniqueOrThrow({ where: { name } });

/** Everything a control may change: the session row and how many log and audit rows exist. */
async function snapshot(name: string) {
  return { session: await sessionRow(name), fieldWrites: await db.fieldWrite.count(), audit: await db.auditEntry.count() };
}

/** The session's field-log rows for `key` written by admins, oldest first. */
const adminWrites = (sessionId: number, key: string) =>
  db.fieldWrite.findMany({ where: { sessionId, ownerKind: "session", ownerId: sessionId, key, byKind: "admin" }, orderBy: { seq: "asc" } });

const lastAudit = () => db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });

/** Runs a control, then checks it changed exactly one field-log row and one audit row, with these values. */
async function expectLogged(sname: string, run: () => Promise<unknown>, key: string, value: unknown, action: string) {
  const before = await snapshot(sname);
  await run();
  const after = await snapshot(sname);
  expect([after.fieldWrites - before.fieldWrites, after.audit - before.audit]).toEqual([1, 1]);
  const write = await db.fieldWrite.findFirstOrThrow({ orderBy: { seq: "desc" } });
  expect(write).toMatchObject({ sessionId: before.session.id, ownerKind: "session", ownerId: before.session.id, key, byKind: "admin", byName: ADMIN, hook: null });
  expect(JSON.parse(write.value!)).toEqual(value);
  const value_ = await db.fieldValue.findUniqueOrThrow({ where: { ownerKind_ownerId_key: { ownerKind: "session", ownerId: before.session.id, key } } });
  expect(JSON.parse(value_.value!)).toEqual(value);
  const audit = await lastAudit();
  expect(audit).toMatchObject({ admin: ADMIN, action, session: sname });
  expect(JSON.parse(audit.detail)).toEqual({ [key]: value });
  return after.session;
}

/** Checks a control throws `type` with `message` and leaves the session, the log and the audit as they were. */
async function expectRefused(sname: string, run: () => Promise<unknown>, type: typeof NotFoundError | typeof InvalidInputError, message: string) {
  const before = await snapshot(sname);
  const error = await errorOf(run);
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toBe(message);
  expect(await snapshot(sname)).toEqual(before);
  return error as InstanceType<typeof type>;
}

describe("setSessionActive", () => {
  test("pauses and resumes, logging each change as the admin", async () => {
    const s = await create();
    expect((await sessionRow(s.name)).active).toBe(true);
    const paused = await expectLogged(s.name, () => setSessionActive(db, ADMIN, s.name, false), "active", false, "session.pause");
    expect(paused.active).toBe(false);
    const resumed = await expectLogged(s.name, () => setSessionActive(db, ADMIN, s.name, true), "active", true, "session.resume");
    expect(resumed.active).toBe(true);
    expect((await adminWrites(s.id, "active")).map((w) => w.value)).toEqual(["false", "true"]);
  });

  test("leaves the other properties alone", async () => {
    const s = await create();
    const before = await sessionRow(s.name);
    await setSessionActive(db, ADMIN, s.name, false);
    expect(await sessionRow(s.name)).toEqual({ ...before, active: false, pausedAt: expect.any(Date) });
  });
});

describe("setSessionTesting", () => {
  test("marks and unmarks a test run", async () => {
    const s = await create();
    expect((await sessionRow(s.name)).testing).toBe(false);
    expect((await expectLogged(s.name, () => setSessionTesting(db, ADMIN, s.name, true), "testing", true, "session.markTesting")).testing).toBe(true);
    expect((await expectLogged(s.name, () => setSessionTesting(db, ADMIN, s.name, false), "testing", false, "session.unmarkTesting")).testing).toBe(false);
  });
});

describe("setSessionDescription", () => {
  test("stores the description, trimmed", async () => {
    const s = await create();
    const after = await expectLogged(s.name, () => setSessionDescription(db, ADMIN, s.name, "  Monday lab, room 2  "), "description", "Monday lab, room 2", "session.describe");
    expect(after.description).toBe("Monday lab, room 2");
  });

  test("takes exactly 10,000 characters", async () => {
    const s = await create();
    await setSessionDescription(db, ADMIN, s.name, "d".repeat(10_000));
    expect((await sessionRow(s.name)).description).toHaveLength(10_000);
  });

  test("refuses 10,001 characters", async () => {
    const s = await create();
    const error = await expectRefused(s.name, () => setSessionDescription(db, ADMIN, s.name, "d".repeat(10_001)), InvalidInputError, "A description has at most 10000 characters");
    expect(error.status).toBe(400);
  });
});

describe("setSessionSettings", () => {
  test("replaces the settings wholesale", async () => {
    const s = await create();
    expect(JSON.parse((await sessionRow(s.name)).settings)).toEqual({ greeting: "hello there" });
    const settings = { rounds: 3, labels: ["a", "b"], nested: { ok: true, none: null } };
    const after = await expectLogged(s.name, () => setSessionSettings(db, ADMIN, s.name, settings), "settings", settings, "session.updateSettings");
    expect(JSON.parse(after.settings)).toEqual(settings);
  });

  test("takes an empty object", async () => {
    const s = await create();
    await setSessionSettings(db, ADMIN, s.name, {});
    expect((await sessionRow(s.name)).settings).toBe("{}");
  });

  const notObjects: [string, unknown][] = [
    ["an array", [1, 2]],
    ["null", null],
    ["a string", '{"a":1}'],
    ["a number", 42],
    ["a Date", new Date("2025-01-01")],
    ["a Map", new Map([["a", 1]])],
  ];
  test.each(notObjects)("refuses %s", async (_what, settings) => {
    const s = await create();
    const error = await expectRefused(s.name, () => setSessionSettings(db, ADMIN, s.name, settings), InvalidInputError, "Settings must be a JSON object ({ ... })");
    expect(error.status).toBe(400);
  });

  const notJson: [string, Record<string, unknown>, string][] = [
    ["undefined inside", { a: 1, b: undefined }, "settings.b is undefined; values are plain JSON"],
    ["a function", { f: () => 1 }, "settings.f is function; values are plain JSON"],
    ["NaN", { n: Number.NaN }, "settings.n is NaN, which JSON cannot store"],
    ["Infinity deep inside", { deep: { list: [1, Number.POSITIVE_INFINITY] } }, "settings.deep.list[1] is Infinity, which JSON cannot store"],
    ["a Date inside", { when: new Date("2025-01-01") }, "settings.when is Date; values are plain JSON"],
  ];
  test.each(notJson)("refuses settings with %s", async (_what, settings, message) => {
    const s = await create();
    const before = await snapshot(s.name);
    const error = await errorOf(() => setSessionSettings(db, ADMIN, s.name, settings));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(message);
    expect(await snapshot(s.name)).toEqual(before);
  });
});

describe("every control refuses an unknown session with 404 and changes nothing", () => {
  const controls: [string, (sname: string) => Promise<unknown>][] = [
    ["setSessionActive", (sname) => setSessionActive(db, ADMIN, sname, false)],
    ["setSessionTesting", (sname) => setSessionTesting(db, ADMIN, sname, true)],
    ["setSessionDescription", (sname) => setSessionDescription(db, ADMIN, sname, "hi")],
    ["setSessionSettings", (sname) => setSessionSettings(db, ADMIN, sname, { a: 1 })],
    ["runNewSession", (sname) => runNewSession(db, ADMIN, sname)],
  ];
  test.each(controls)("%s", async (_name, run) => {
    const s = await create();
    const before = await snapshot(s.name);
    const error = await errorOf(() => run("no-such-session"));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
    expect((error as Error).message).toBe('There is no session "no-such-session"');
    expect(await snapshot(s.name)).toEqual(before);
  });
});

describe("parseJsonObject (the admin's settings form)", () => {
  const invalid: [string, string][] = [
    ["{", "Settings are not valid JSON"],
    ["{a: 1}", "Settings are not valid JSON"],
    ["[1]", "Settings must be a JSON object ({ ... }), not an array"],
    ["null", "Settings must be a JSON object ({ ... }), not null"],
    ['"text"', 'Settings must be a JSON object ({ ... }), not "text"'],
    ["7", "Settings must be a JSON object ({ ... }), not 7"],
  ];
  test.each(invalid)("refuses %j", (text, message) => {
    let error: unknown;
    try {
      parseJsonObject(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toMatch(/JSON/);
  });

  test("empty or blank text means {}", () => {
    expect(parseJsonObject("")).toEqual({});
    expect(parseJsonObject("  \n ")).toEqual({});
  });

  test("parses an object, and names what it parses in its messages", () => {
    expect(parseJsonObject(' { "rounds": 3, "names": ["x"] } ')).toEqual({ rounds: 3, names: ["x"] });
    expect(() => parseJsonObject("[]", "Fields")).toThrow("Fields must be a JSON object ({ ... }), not an array");
  });
});

describe("pausing", () => {
  test("page timers wait: on resume, unfired deadlines move on by the pause's length", async () => {
    const s = await create("basics", 2);
    const [a, b] = s.players;
    const due = new Date(Date.now() + 60_000);
    await db.$transaction(async (tx) => {
      await tx.deadline.create({ data: { sessionId: s.id, playerId: a!.id, position: 0, entry: "basics/Intro", dueAt: due } });
      await tx.deadline.create({ data: { sessionId: s.id, playerId: b!.id, position: 0, entry: "basics/Intro", dueAt: due, firedAt: new Date() } });
    });
    await setSessionActive(db, ADMIN, s.name, false);
    // A second pause (another admin) keeps the first one's start.
    const pausedAt = (await sessionRow(s.name)).pausedAt!;
    await setSessionActive(db, ADMIN, s.name, false);
    expect((await sessionRow(s.name)).pausedAt).toEqual(pausedAt);
    // Pretend the pause began 10 minutes ago. The deadline moves on by the time from then
    // to the resume, which happens between these two readings of the clock.
    const began = pausedAt.getTime() - 10 * 60_000;
    await db.$transaction((tx) => tx.session.update({ where: { id: s.id }, data: { pausedAt: new Date(began) } }));
    const beforeResume = Date.now();
    await setSessionActive(db, ADMIN, s.name, true);
    const afterResume = Date.now();
    const [open, fired] = await Promise.all([a, b].map((p) => db.deadline.findFirstOrThrow({ where: { playerId: p!.id } })));
    expect(open!.dueAt.getTime() - due.getTime()).toBeGreaterThanOrEqual(beforeResume - began);
    expect(open!.dueAt.getTime() - due.getTime()).toBeLessThanOrEqual(afterResume - began);
    expect(fired!.dueAt).toEqual(due);
    expect((await sessionRow(s.name)).pausedAt).toBeNull();
  });
});

describe("runNewSession", () => {
  const hookWrites = (sessionId: number) =>
    db.fieldWrite.findMany({ where: { sessionId, ownerKind: "session", key: "sessionInits" }, orderBy: { seq: "asc" } });
  const current = async (sessionId: number, key: string) => {
    const row = await db.fieldValue.findUnique({ where: { ownerKind_ownerId_key: { ownerKind: "session", ownerId: sessionId, key } } });
    return row?.value == null ? undefined : JSON.parse(row.value);
  };

  test("runs the config's newSession hook as the admin, marks the session initialized and audits it", async () => {
    const s = await create("basics", 2);
    expect((await sessionRow(s.name)).initialized).toBe(false);
    expect(await runNewSession(db, ADMIN, s.name)).toEqual({ hooks: 1 });
    expect((await sessionRow(s.name)).initialized).toBe(true);
    expect(await current(s.id, "sessionInits")).toBe(1);
    const [write] = await hookWrites(s.id);
    expect(write).toMatchObject({ value: "1", byKind: "admin", byName: ADMIN, hook: "newSession", app: "basics" });
    expect((await adminWrites(s.id, "initialized")).map((w) => [w.value, w.byName, w.hook])).toEqual([["true", ADMIN, null]]);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ admin: ADMIN, action: "session.runNewSession", session: s.name });
    expect(JSON.parse(audit.detail)).toEqual({ hooks: 1 });
    // Players are not touched: nobody starts or is initialized by it.
    expect((await db.player.findMany({ where: { sessionId: s.id } })).map((p) => [p.started, p.initialized])).toEqual([[false, false], [false, false]]);
  });

  test("a second run appends new writes and keeps the earlier ones", async () => {
    const s = await create();
    await runNewSession(db, ADMIN, s.name);
    const audits = await db.auditEntry.count({ where: { session: s.name, action: "session.runNewSession" } });
    await runNewSession(db, "bob", s.name);
    expect(await current(s.id, "sessionInits")).toBe(2);
    expect((await hookWrites(s.id)).map((w) => [w.value, w.byName])).toEqual([["1", ADMIN], ["2", "bob"]]);
    // Already initialized: the flag is not written again.
    expect(await adminWrites(s.id, "initialized")).toHaveLength(1);
    expect(await db.auditEntry.count({ where: { session: s.name, action: "session.runNewSession" } })).toBe(audits + 1);
    expect(await lastAudit()).toMatchObject({ admin: "bob", action: "session.runNewSession", session: s.name });
  });

  test("a hook that throws rolls everything back: no value, no flag, no audit", async () => {
    const s = await createSession(db, { config: "basics", players: 1, settings: { failNewSession: true } }, { byKind: "system" });
    const before = await snapshot(s.name);
    await expect(runNewSession(db, ADMIN, s.name)).rejects.toThrow(/newSession of basics failed: newSession refused by the fixture/);
    expect(await snapshot(s.name)).toEqual(before);
    expect(await current(s.id, "sessionInits")).toBeUndefined();
  });

  test("a config without newSession hooks is still marked initialized", async () => {
    const s = await create("hooks");
    expect(await runNewSession(db, ADMIN, s.name)).toEqual({ hooks: 0 });
    expect((await sessionRow(s.name)).initialized).toBe(true);
    expect(await db.fieldWrite.count({ where: { sessionId: s.id, hook: "newSession" } })).toBe(0);
  });
});

describe("createSession's audit", () => {
  test("an admin's session creation is audited", async () => {
    const s = await createSession(db, { config: "basics", players: 2 }, { byKind: "admin", byName: "alice" });
    const entries = await db.auditEntry.findMany({ where: { session: s.name } });
    expect(entries.map((e) => [e.admin, e.action, JSON.parse(e.detail)])).toEqual([["alice", "session.create", { config: "basics", players: 2 }]]);
    const log = await db.fieldWrite.findMany({ where: { sessionId: s.id } });
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((w) => w.byKind === "admin" && w.byName === "alice")).toBe(true);
  });

  test("a system-created session is not", async () => {
    const s = await create();
    expect(await db.auditEntry.count({ where: { session: s.name } })).toBe(0);
  });
});
