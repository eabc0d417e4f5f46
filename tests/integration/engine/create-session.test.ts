import { ConflictError, InvalidInputError } from "@/lib/errors";
import { createSession, type TCreateSession } from "@/lib/engine/admin/sessions";
import type { Db } from "@/lib/store/db";
import { freshDb } from "../../helpers/database";

let db: Db;
beforeAll(() => ({ db } = freshDb()));
afterAll(() => db.$disconnect());

const by = { byKind: "system" as const, byName: "test" };
const counts = async () => [await db.session.count(), await db.player.count(), await db.fieldWrite.count()];

test("creates a session with N uninitialized players, unguessable names and the config's settings", async () => {
  const s = await createSession(db, { config: "basics", players: 3 }, by);
  expect(s.players).toHaveLength(3);
  const players = await db.player.findMany({ where: { sessionId: s.id }, orderBy: { index: "asc" } });
  expect(players.map((p) => [p.index, p.position, p.started, p.initialized])).toEqual([[0, -1, false, false], [1, -1, false, false], [2, -1, false, false]]);
  for (const p of players) expect(p.name).toMatch(/^[a-z2-9]{16}$/);
  const session = await db.session.findUniqueOrThrow({ where: { id: s.id } });
  expect(JSON.parse(session.settings)).toEqual({ greeting: "hello there" });
  expect(JSON.parse(session.apps)).toEqual(["basics", "finale"]);
  expect(session.secret).toMatch(/^[a-z2-9]{16}$/);
  const log = await db.fieldWrite.findMany({ where: { sessionId: s.id, ownerKind: "session" } });
  expect(Object.fromEntries(log.map((r) => [r.key, JSON.parse(r.value!)]))).toEqual({
    config: "basics", apps: ["basics", "finale"], settings: { greeting: "hello there" }, description: "", active: true, testing: false,
    codeVersion: expect.objectContaining({ sprout: expect.any(String), experiments: expect.any(String) }),
  });
  expect(log.every((r) => r.byKind === "system" && r.byName === "test")).toBe(true);
});

test("takes a custom session name, player names and settings", async () => {
  const s = await createSession(db, { config: "basics", players: 2, name: "lab-monday", playerNames: ["desk1", "desk2"], settings: { greeting: "moin" } }, by);
  expect(s.name).toBe("lab-monday");
  expect(s.players.map((p) => p.name)).toEqual(["desk1", "desk2"]);
  expect(JSON.parse((await db.session.findUniqueOrThrow({ where: { id: s.id } })).settings)).toEqual({ greeting: "moin" });
});

describe("refuses bad requests with a clear message and stores nothing", () => {
  const cases: [string, TCreateSession, string, string][] = [
    ["an unknown config", { config: "nope", players: 1 }, "config", 'Unknown config "nope"'],
    ["zero players", { config: "basics", players: 0 }, "players", "at least 1 player"],
    ["a fractional player count", { config: "basics", players: 1.5 }, "players", "whole number"],
    ["too many players", { config: "basics", players: 10_001 }, "players", "At most 10000"],
    ["a bad session name", { config: "basics", players: 1, name: "a b" }, "name", 'Session name "a b" is not allowed'],
    ["a bad player name", { config: "basics", players: 1, playerNames: ["x/y"] }, "playerNames", 'Player name "x/y" is not allowed'],
    ["a repeated player name", { config: "basics", players: 2, playerNames: ["a", "a"] }, "playerNames", 'Player name "a" is given twice'],
    ["too few player names", { config: "basics", players: 3, playerNames: ["a", "b"] }, "playerNames", "2 player names were given for 3 players"],
    ["settings that are not JSON", { config: "basics", players: 1, settings: { when: new Date() } }, "settings", "settings.when is Date"],
  ];
  test.each(cases)("%s", async (_what, input, field, message) => {
    const before = await counts();
    const error = await createSession(db, input, by).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.fieldErrors[field]?.join(" ")).toContain(message);
    expect(await counts()).toEqual(before);
  });

  test("a session name that is taken", async () => {
    await createSession(db, { config: "basics", players: 1, name: "taken" }, by);
    const before = await counts();
    await expect(createSession(db, { config: "basics", players: 1, name: "taken" }, by)).rejects.toThrow(new ConflictError('A session named "taken" already exists'));
    expect(await counts()).toEqual(before);
  });
});
