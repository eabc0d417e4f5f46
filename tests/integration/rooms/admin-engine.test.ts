import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/errors";
import { projectRooms } from "@/lib/project";
import {
  createRoom,
  createRoomSession,
  deleteRoom,
  disassociateRoom,
  ensureProjectRooms,
  setRoomCapacity,
  setRoomOpen,
  updateRoomSettings,
} from "@/lib/engine/rooms/rooms";
import { createDb, type Db } from "@/lib/store/db";
import { freshDb } from "../../helpers/database";
import { errorOf } from "../../helpers/errors";

// The admin's room operations on a fresh database, without a server: what each stores, what
// it refuses (with which message and field) and that a refusal changes nothing.

let db: Db;
beforeAll(() => ({ db } = freshDb()));
afterAll(() => db.$disconnect());

const ADMIN = "alice";

interface Settings {
  config: string | null;
  labels: string[] | null;
  capacity: number | null;
  open: boolean;
}
const settings = (over: Partial<Settings> = {}): Settings => ({ config: null, labels: null, capacity: null, open: false, ...over });

let rooms = 0;
const nextName = () => `room-${++rooms}`;

/** A new room with these settings (closed, no config, labels or capacity unless told). */
async function newRoom(over: Partial<Settings> = {}): Promise<string> {
  const name = nextName();
  await createRoom(db, ADMIN, name, settings(over));
  return name;
}

const roomRow = (name: string) => db.room.findUniqueOrThrow({ where: { name } });
const roomSession = (room: string) => db.session.findUnique({ where: { room }, include: { players: { orderBy: { index: "asc" } } } });
const lastAudit = () => db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
const auditSince = async (id: number) =>
  (await db.auditEntry.findMany({ where: { id: { gt: id } }, orderBy: { id: "asc" } })).map((a) => ({ admin: a.admin, action: a.action, session: a.session, detail: JSON.parse(a.detail) as unknown }));
const lastAuditId = async () => (await db.auditEntry.findFirst({ orderBy: { id: "desc" } }))?.id ?? 0;

/** Every table a room operation may touch. */
async function tables() {
  return {
    rooms: await db.room.findMany({ orderBy: { id: "asc" } }),
    sessions: await db.session.findMany({ orderBy: { id: "asc" } }),
    players: await db.player.count(),
    fieldWrites: await db.fieldWrite.count(),
    audit: await db.auditEntry.count(),
  };
}

type Expected = typeof InvalidInputError | typeof ConflictError | typeof NotFoundError;

/**
 * Checks `run` is refused with `type` and `message` (an InvalidInputError naming `field`, with
 * that message), and that no table changed.
 */
async function expectRefused(run: () => Promise<unknown>, type: Expected, message: string | RegExp, field?: string) {
  const before = await tables();
  const error = await errorOf(run);
  expect(error).toBeInstanceOf(type);
  const e = error as InstanceType<Expected>;
  if (typeof message === "string") expect(e.message).toBe(message);
  else expect(e.message).toMatch(message);
  expect(e.status).toBe(type === InvalidInputError ? 400 : type === ConflictError ? 409 : 404);
  if (field !== undefined) expect((e as InvalidInputError).fieldErrors).toEqual({ [field]: [e.message] });
  expect(await tables()).toEqual(before);
  return e;
}

describe("createRoom", () => {
  test("stores the settings (labels as JSON) and writes an audit entry", async () => {
    const name = nextName();
    const before = await lastAuditId();
    await createRoom(db, ADMIN, name, { config: "basics", labels: ["A1", "B.2", "c_3-x"], capacity: 2, open: true });
    expect(await roomRow(name)).toMatchObject({ name, config: "basics", labels: '["A1","B.2","c_3-x"]', capacity: 2, open: true, fromProject: false, joins: 0 });
    expect(await auditSince(before)).toEqual([
      { admin: ADMIN, action: "room.create", session: null, detail: { room: name, config: "basics", labels: ["A1", "B.2", "c_3-x"], capacity: 2, open: true } },
    ]);
    // No labels is NULL; an empty list (any code) is "[]".
    expect(await roomRow(await newRoom())).toMatchObject({ config: null, labels: null, capacity: null, open: false });
    expect((await roomRow(await newRoom({ labels: [] }))).labels).toBe("[]");
  });

  test("refuses a name that is not allowed, naming the field", async () => {
    for (const bad of ["lab one", "", "-lab", ".lab", "x".repeat(65), "lab/1", "läb"]) {
      await expectRefused(
        () => createRoom(db, ADMIN, bad, settings()),
        InvalidInputError,
        `Room name "${bad}" is not allowed: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
        "name",
      );
    }
    await createRoom(db, ADMIN, "x".repeat(64), settings());
  });

  test("refuses a name already taken, keeping the existing room as it was", async () => {
    const name = await newRoom({ config: "basics", labels: ["A1"], capacity: 3, open: true });
    await expectRefused(() => createRoom(db, ADMIN, name, settings({ config: "pairs" })), InvalidInputError, `A room named "${name}" already exists`, "name");
    expect(await roomRow(name)).toMatchObject({ config: "basics", labels: '["A1"]', capacity: 3, open: true });
  });

  test("refuses a config the project does not have", async () => {
    await expectRefused(() => createRoom(db, ADMIN, nextName(), settings({ config: "nope" })), InvalidInputError, /^Unknown config "nope"\. Known configs: .*\bbasics\b/, "config");
  });

  test("refuses labels that are not allowed or listed twice, naming the label", async () => {
    const cases: [unknown[], string][] = [
      [["A1", "a b"], `Label "a b" is not allowed: use 1-128 letters, digits, '.', '_' or '-'`],
      [[""], `Label "" is not allowed: use 1-128 letters, digits, '.', '_' or '-'`],
      [["x".repeat(129)], `Label "${"x".repeat(40)}" is not allowed: use 1-128 letters, digits, '.', '_' or '-'`],
      [["A1", "A2", "A1"], `Label "A1" is listed twice`],
    ];
    for (const [labels, message] of cases) {
      await expectRefused(() => createRoom(db, ADMIN, nextName(), { ...settings(), labels }), InvalidInputError, message, "labels");
    }
    // Not a list of strings at all: still a 400 on the labels field.
    await expectRefused(() => createRoom(db, ADMIN, nextName(), { ...settings(), labels: [1, 2] }), InvalidInputError, /./, "labels");
    await expectRefused(() => createRoom(db, ADMIN, nextName(), { ...settings(), labels: "A1\nA2" }), InvalidInputError, /./, "labels");
    await createRoom(db, ADMIN, nextName(), settings({ labels: ["x".repeat(128)] }));
  });

  test("refuses a capacity of 0, 1.5, a string or more than the players a session may have", async () => {
    const cases: [unknown, string][] = [
      [0, "Capacity must be at least 1"],
      [-3, "Capacity must be at least 1"],
      [1.5, "Capacity must be a whole number"],
      ["2", "Capacity must be a whole number"],
      [10_001, "Capacity can be at most 10000"],
    ];
    for (const [capacity, message] of cases) {
      await expectRefused(() => createRoom(db, ADMIN, nextName(), { ...settings(), capacity }), InvalidInputError, message, "capacity");
    }
    expect((await roomRow(await newRoom({ capacity: 1 }))).capacity).toBe(1);
  });

  test("refuses input that is not settings at all with a 400, not a crash", async () => {
    for (const input of [undefined, null, "open", { config: null, labels: null, capacity: null }]) {
      await expectRefused(() => createRoom(db, ADMIN, nextName(), input), InvalidInputError, /./);
    }
  });
});

describe("updateRoomSettings", () => {
  test("changes the settings while no session is associated, with an audit entry", async () => {
    const name = await newRoom({ labels: ["A1"] });
    const before = await lastAuditId();
    await updateRoomSettings(db, ADMIN, name, { config: "pairs", labels: null, capacity: 4, open: true });
    expect(await roomRow(name)).toMatchObject({ config: "pairs", labels: null, capacity: 4, open: true });
    expect(await auditSince(before)).toEqual([{ admin: ADMIN, action: "room.update", session: null, detail: { room: name, config: "pairs", labels: null, capacity: 4, open: true } }]);
  });

  test("is refused (409) while a session is associated, and allowed after disassociating", async () => {
    const name = await newRoom({ labels: ["A1"], open: true });
    await createRoomSession(db, ADMIN, name, { config: "basics", players: 1 });
    await expectRefused(
      () => updateRoomSettings(db, ADMIN, name, settings({ config: "pairs" })),
      ConflictError,
      "Disassociate the session first: a room's settings cannot change while it has a session",
    );
    await disassociateRoom(db, ADMIN, name);
    await updateRoomSettings(db, ADMIN, name, settings({ config: "pairs", labels: ["B1", "B2"] }));
    expect(await roomRow(name)).toMatchObject({ config: "pairs", labels: '["B1","B2"]', open: false });
  });

  test("checks the new settings like createRoom does", async () => {
    const name = await newRoom();
    await expectRefused(() => updateRoomSettings(db, ADMIN, name, settings({ capacity: 0 })), InvalidInputError, "Capacity must be at least 1", "capacity");
    await expectRefused(() => updateRoomSettings(db, ADMIN, name, settings({ labels: ["A1", "A1"] })), InvalidInputError, `Label "A1" is listed twice`, "labels");
    await expectRefused(() => updateRoomSettings(db, ADMIN, name, settings({ config: "nope" })), InvalidInputError, /^Unknown config "nope"/, "config");
  });
});

describe("deleteRoom", () => {
  test("is refused while a session is associated; afterwards the room goes and the session stays", async () => {
    const name = await newRoom({ open: true });
    const sname = await createRoomSession(db, ADMIN, name, { config: "basics", players: 2 });
    await expectRefused(() => deleteRoom(db, ADMIN, name), ConflictError, "Disassociate the session first: a room with a session cannot be deleted");
    await disassociateRoom(db, ADMIN, name);
    const before = await lastAuditId();
    await deleteRoom(db, ADMIN, name);
    expect(await db.room.count({ where: { name } })).toBe(0);
    expect(await db.session.findUniqueOrThrow({ where: { name: sname } })).toMatchObject({ room: null, active: true });
    expect(await auditSince(before)).toEqual([{ admin: ADMIN, action: "room.delete", session: null, detail: { room: name } }]);
    // The name is free again.
    await createRoom(db, ADMIN, name, settings());
  });
});

describe("setRoomOpen", () => {
  test("closes and reopens the room, leaving its session and players untouched", async () => {
    const name = await newRoom({ open: true });
    const sname = await createRoomSession(db, ADMIN, name, { config: "basics", players: 2, assignees: ["W1"] });
    const session = await roomSession(name);
    const before = await lastAuditId();
    await setRoomOpen(db, ADMIN, name, false);
    expect((await roomRow(name)).open).toBe(false);
    expect(await roomSession(name)).toEqual(session);
    await setRoomOpen(db, ADMIN, name, true);
    expect((await roomRow(name)).open).toBe(true);
    expect(await roomSession(name)).toEqual(session);
    expect(await auditSince(before)).toEqual([
      { admin: ADMIN, action: "room.close", session: sname, detail: { room: name } },
      { admin: ADMIN, action: "room.open", session: sname, detail: { room: name } },
    ]);
  });

  test("works on a room without a session (no session in the audit entry)", async () => {
    const name = await newRoom();
    await setRoomOpen(db, ADMIN, name, true);
    expect((await roomRow(name)).open).toBe(true);
    expect(await lastAudit()).toMatchObject({ action: "room.open", session: null });
  });
});

describe("setRoomCapacity", () => {
  test("sets a capacity of 1 or more, or none (null), each audited", async () => {
    const name = await newRoom({ labels: ["A1", "A2"] });
    const before = await lastAuditId();
    for (const capacity of [1, 7, null]) {
      await setRoomCapacity(db, ADMIN, name, capacity);
      expect((await roomRow(name)).capacity).toBe(capacity);
    }
    expect((await auditSince(before)).map((a) => [a.action, a.detail])).toEqual([
      ["room.capacity", { room: name, capacity: 1 }],
      ["room.capacity", { room: name, capacity: 7 }],
      ["room.capacity", { room: name, capacity: null }],
    ]);
  });

  test("refuses 0, 1.5 and too many, naming the field; allowed with a session too", async () => {
    const name = await newRoom({ open: true, capacity: 3 });
    await expectRefused(() => setRoomCapacity(db, ADMIN, name, 0), InvalidInputError, "Capacity must be at least 1", "capacity");
    await expectRefused(() => setRoomCapacity(db, ADMIN, name, 1.5), InvalidInputError, "Capacity must be a whole number", "capacity");
    await expectRefused(() => setRoomCapacity(db, ADMIN, name, 10_001), InvalidInputError, "Capacity can be at most 10000", "capacity");
    const sname = await createRoomSession(db, ADMIN, name, { config: "basics", players: 1 });
    await setRoomCapacity(db, ADMIN, name, 2);
    expect((await roomRow(name)).capacity).toBe(2);
    expect(await lastAudit()).toMatchObject({ action: "room.capacity", session: sname });
  });
});

describe("disassociateRoom", () => {
  test("clears Session.room (the session runs on), keeps the room open, and lets the room have a new session", async () => {
    const name = await newRoom({ open: true });
    const first = await createRoomSession(db, ADMIN, name, { config: "basics", players: 1 });
    const row = await db.session.findUniqueOrThrow({ where: { name: first } });
    const before = await lastAuditId();
    expect(await disassociateRoom(db, ADMIN, name)).toBe(first);
    expect(await db.session.findUniqueOrThrow({ where: { name: first } })).toEqual({ ...row, room: null });
    expect((await roomRow(name)).open).toBe(true);
    expect(await auditSince(before)).toEqual([{ admin: ADMIN, action: "room.disassociate", session: first, detail: { room: name, closed: false } }]);
    // The field log says so too (it said the room when the session was made).
    const roomWrites = await db.fieldWrite.findMany({ where: { sessionId: row.id, ownerKind: "session", key: "room" }, orderBy: { seq: "asc" }, select: { value: true, byKind: true } });
    expect(roomWrites).toEqual([
      { value: JSON.stringify(name), byKind: "admin" },
      { value: "null", byKind: "admin" },
    ]);
    const next = await createRoomSession(db, ADMIN, name, { config: "pairs", players: 2 });
    expect(next).not.toBe(first);
    expect((await roomSession(name))?.name).toBe(next);
    expect((await db.session.findUniqueOrThrow({ where: { name: first } })).room).toBeNull();
  });

  test("with close, also closes the room", async () => {
    const name = await newRoom({ open: true });
    const sname = await createRoomSession(db, ADMIN, name, { config: "basics", players: 1 });
    await disassociateRoom(db, ADMIN, name, { close: true });
    expect(await roomRow(name)).toMatchObject({ open: false });
    expect(await roomSession(name)).toBeNull();
    expect(await lastAudit()).toMatchObject({ action: "room.disassociate", session: sname, detail: JSON.stringify({ room: name, closed: true }) });
  });

  test("is refused (409) when the room has no session", async () => {
    const name = await newRoom();
    await expectRefused(() => disassociateRoom(db, ADMIN, name), ConflictError, `Room "${name}" has no session`);
    await expectRefused(() => disassociateRoom(db, ADMIN, name, { close: true }), ConflictError, `Room "${name}" has no session`);
    expect((await roomRow(name)).open).toBe(false);
  });
});

describe("createRoomSession", () => {
  test("creates the players, the first ones pre-assigned to the waiting labels; opens the room; writes the log and the audit", async () => {
    const name = await newRoom({ labels: ["A1", "A2", "A3"], capacity: 9 });
    const before = await lastAuditId();
    const sname = await createRoomSession(db, ADMIN, name, { config: "basics", players: 4, assignees: ["A3", "A1"] });
    const session = (await roomSession(name))!;
    expect(session).toMatchObject({ name: sname, room: name, config: "basics", active: true });
    expect(JSON.parse(session.settings)).toEqual({ greeting: "hello there" });
    expect(session.players.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(session.players.every((p) => !p.started)).toBe(true);
    expect(session.players.slice(0, 2).map((p) => p.label).sort()).toEqual(["A1", "A3"]);
    expect(session.players.slice(2).map((p) => p.label)).toEqual(["", ""]);
    // Opened, the capacity kept (not asked to fix it).
    expect(await roomRow(name)).toMatchObject({ open: true, capacity: 9 });
    // The labels and the session's room are logged as written by the admin.
    const labelLog = await db.fieldWrite.findMany({ where: { sessionId: session.id, ownerKind: "player", key: "label" }, orderBy: { seq: "asc" } });
    expect(labelLog.map((w) => [w.ownerId, JSON.parse(w.value!), w.byKind, w.byName])).toEqual(
      session.players.slice(0, 2).map((p) => [p.id, p.label, "admin", ADMIN]),
    );
    expect(await db.fieldWrite.findFirst({ where: { sessionId: session.id, ownerKind: "session", key: "room" } })).toMatchObject({ value: JSON.stringify(name), byKind: "admin", byName: ADMIN });
    expect(await auditSince(before)).toEqual([
      { admin: ADMIN, action: "session.create", session: sname, detail: { config: "basics", players: 4, room: name } },
      { admin: ADMIN, action: "room.createSession", session: sname, detail: { room: name, assigned: 2, fixCapacity: false } },
    ]);
  });

  test("never pre-assigns more labels than players, each label once, empty ones skipped", async () => {
    const name = await newRoom();
    const assignees = ["W1", "W2", "W3", "W4", "W5", "W2", ""];
    await createRoomSession(db, ADMIN, name, { config: "basics", players: 3, assignees });
    const labels = (await roomSession(name))!.players.map((p) => p.label);
    expect(labels).toHaveLength(3);
    expect(new Set(labels).size).toBe(3);
    for (const label of labels) expect(assignees).toContain(label);
    expect(labels).not.toContain("");

    const other = await newRoom();
    await createRoomSession(db, ADMIN, other, { config: "basics", players: 3, assignees: ["W1", "W1", ""] });
    expect((await roomSession(other))!.players.map((p) => p.label)).toEqual(["W1", "", ""]);
  });

  test("fixes the capacity to the number of players when asked (which then needs at least one)", async () => {
    const name = await newRoom({ capacity: 20 });
    await expectRefused(() => createRoomSession(db, ADMIN, name, { config: "basics", players: 0, fixCapacity: true }), InvalidInputError, "A session needs at least 1 player", "players");
    await createRoomSession(db, ADMIN, name, { config: "basics", players: 5, fixCapacity: true });
    expect(await roomRow(name)).toMatchObject({ capacity: 5, open: true });
    expect(await lastAudit()).toMatchObject({ action: "room.createSession", detail: JSON.stringify({ room: name, assigned: 0, fixCapacity: true }) });
    // Without it, an empty session is allowed (participants add themselves).
    const empty = await newRoom();
    await createRoomSession(db, ADMIN, empty, { config: "basics", players: 0 });
    expect((await roomSession(empty))!.players).toEqual([]);
  });

  test("uses the settings and name given", async () => {
    const name = await newRoom();
    const sname = await createRoomSession(db, ADMIN, name, { config: "basics", players: 1, settings: { greeting: "hi", rounds: 2 }, name: `${name}-monday` });
    expect(sname).toBe(`${name}-monday`);
    expect(JSON.parse((await roomSession(name))!.settings)).toEqual({ greeting: "hi", rounds: 2 });
  });

  test("is refused (409) when the room already has a session, changing nothing", async () => {
    const name = await newRoom();
    const sname = await createRoomSession(db, ADMIN, name, { config: "basics", players: 1 });
    await setRoomOpen(db, ADMIN, name, false);
    await expectRefused(
      () => createRoomSession(db, ADMIN, name, { config: "basics", players: 2, assignees: ["A1"], fixCapacity: true }),
      ConflictError,
      `Room "${name}" already has a session (${sname}); disassociate it first`,
    );
    expect((await roomRow(name)).open).toBe(false);
  });

  test("refuses bad session input (config, players, a taken name) before touching the room", async () => {
    const name = await newRoom();
    await expectRefused(() => createRoomSession(db, ADMIN, name, { config: "nope", players: 1 }), InvalidInputError, /^Unknown config "nope"/, "config");
    await expectRefused(() => createRoomSession(db, ADMIN, name, { config: "basics", players: -1 }), InvalidInputError, "Number of players must be a whole number", "players");
    await expectRefused(() => createRoomSession(db, ADMIN, name, { config: "basics", players: 1.5 }), InvalidInputError, "Number of players must be a whole number", "players");
    const taken = await createRoomSession(db, ADMIN, await newRoom(), { config: "basics", players: 1 });
    await expectRefused(() => createRoomSession(db, ADMIN, name, { config: "basics", players: 1, name: taken }), ConflictError, `A session named "${taken}" already exists`);
    expect((await roomRow(name)).open).toBe(false);
  });
});

describe("an unknown room", () => {
  test("gives NotFoundError (404) for every operation, and changes nothing", async () => {
    const message = 'There is no room "no-such-room"';
    await expectRefused(() => updateRoomSettings(db, ADMIN, "no-such-room", settings()), NotFoundError, message);
    await expectRefused(() => deleteRoom(db, ADMIN, "no-such-room"), NotFoundError, message);
    await expectRefused(() => setRoomOpen(db, ADMIN, "no-such-room", true), NotFoundError, message);
    await expectRefused(() => setRoomCapacity(db, ADMIN, "no-such-room", 3), NotFoundError, message);
    await expectRefused(() => disassociateRoom(db, ADMIN, "no-such-room"), NotFoundError, message);
    await expectRefused(() => createRoomSession(db, ADMIN, "no-such-room", { config: "basics", players: 2 }), NotFoundError, message);
  });
});

describe("ensureProjectRooms", () => {
  // A database of its own: the project's rooms are made on the first call.
  let own: Db;
  let url: string;
  beforeAll(() => ({ db: own, url } = freshDb()));
  afterAll(() => own.$disconnect());

  const fixtureLab = () => own.room.findUniqueOrThrow({ where: { name: "fixture_lab" } });

  test("creates the project file's rooms once, as defined", async () => {
    const names = projectRooms().map(([name]) => name);
    expect(names).toContain("fixture_lab");
    expect((await ensureProjectRooms(own)).sort()).toEqual([...names].sort());
    expect(await fixtureLab()).toMatchObject({ config: "basics", labels: '["L1","L2","L3"]', capacity: 2, open: true, fromProject: true });
    const rows = await own.room.findMany({ orderBy: { id: "asc" } });
    expect(await ensureProjectRooms(own)).toEqual([]);
    expect(await own.room.findMany({ orderBy: { id: "asc" } })).toEqual(rows);
  });

  test("never overwrites an admin's change, and makes a deleted one again", async () => {
    await ensureProjectRooms(own);
    await updateRoomSettings(own, ADMIN, "fixture_lab", { config: "pairs", labels: ["Z1"], capacity: 9, open: false });
    const changed = await fixtureLab();
    expect(await ensureProjectRooms(own)).toEqual([]);
    expect(await fixtureLab()).toEqual(changed);
    expect(changed).toMatchObject({ config: "pairs", labels: '["Z1"]', capacity: 9, open: false });
    await deleteRoom(own, ADMIN, "fixture_lab");
    expect(await ensureProjectRooms(own)).toEqual(["fixture_lab"]);
    expect(await fixtureLab()).toMatchObject({ config: "basics", labels: '["L1","L2","L3"]', capacity: 2, open: true, fromProject: true });
  });

  test("two instances starting at once on one database make each room once", async () => {
    await own.room.deleteMany({});
    const other = createDb(url);
    try {
      const made = await Promise.all([ensureProjectRooms(own), ensureProjectRooms(other), ensureProjectRooms(own), ensureProjectRooms(other)]);
      expect(made.flat().sort()).toEqual(projectRooms().map(([n]) => n).sort());
      expect(await own.room.count()).toBe(projectRooms().length);
    } finally {
      await other.$disconnect();
    }
  });
});
