import { createSession } from "@/lib/engine/admin/sessions";
import { submitPage } from "@/lib/engine/participant/navigation";
import { getParticipantView } from "@/lib/engine/participant/view";
import { sweepDeadlines } from "@/lib/engine/time/sweep";
import { createDb } from "@/lib/store/db";
import { freshDb } from "../../helpers/database";

// Waits that end: a wait page's timeout is a Deadline row fired by the same sweep as page
// deadlines. No test waits for the time: the sweep is given a `now` past the deadline, so a
// slow machine changes how long a test takes, never its outcome.

// lobby: Lobby (grouping of 3, 10 minutes, then a smaller group of at least 2, else Solo),
// Play, Sync (10 minutes, then the end with a message), Result, Solo.
const LOBBY = 0;
const PLAY = 1;
const SYNC = 2;
const SOLO = 4;
const LOBBY_LENGTH = 5;

/** A moment past every deadline set now (10 minutes) and the sweep's grace. */
const later = () => new Date(Date.now() + 3_600_000);

async function started(config: string, n: number) {
  const { db, url } = freshDb();
  // Sweeps read on their own connection, as another instance would.
  const other = createDb(url);
  const s = await createSession(db, { config, players: n }, { byKind: "system" });
  for (const p of s.players) await submitPage({ db, read: db }, s.name, p.name, -1, {});
  const players = () => db.player.findMany({ where: { sessionId: s.id }, orderBy: { id: "asc" } });
  const values = async (key: string) => db.fieldValue.findMany({ where: { ownerKind: "player", ownerId: { in: (await players()).map((p) => p.id) }, key } });
  const done = () => Promise.all([db.$disconnect(), other.$disconnect()]);
  return { db, other, s, players, values, done };
}

const decoded = (rows: { value: string | null }[]) => rows.map((r) => (r.value === null ? undefined : JSON.parse(r.value) as unknown));

test("two waiting when the time is up form one smaller group, exactly once with two sweeps racing", async () => {
  const { db, other, s, players, values, done } = await started("lobby", 2);
  expect((await players()).map((p) => p.position)).toEqual([LOBBY, LOBBY]);
  expect(await db.deadline.count({ where: { sessionId: s.id, position: LOBBY, firedAt: null } })).toBe(2);
  const now = later();
  const [a, b] = await Promise.all([sweepDeadlines({ db, read: other }, now), sweepDeadlines({ db, read: other }, now)]);
  // One deadline formed the group and released the other player; the other's deadline moved nobody.
  expect(a + b).toBe(1);
  const after = await players();
  expect(after.map((p) => p.position)).toEqual([PLAY, PLAY]);
  const groups = await db.group.findMany({ where: { sessionId: s.id } });
  expect(groups).toHaveLength(1);
  expect(after.every((p) => p.groupId === groups[0]!.id)).toBe(true);
  const groupValues = await db.fieldValue.findMany({ where: { ownerKind: "group", ownerId: groups[0]!.id } });
  expect(Object.fromEntries(groupValues.map((v) => [v.key, JSON.parse(v.value!)]))).toMatchObject({ groupedRuns: 1, size: 2 });
  expect(decoded(await values("_waitTimeout"))).toEqual(["smallerGroup"]);
  const write = await db.fieldWrite.findFirstOrThrow({ where: { sessionId: s.id, key: "_waitTimeout" } });
  expect(write).toMatchObject({ byKind: "timeout", page: "lobby/Lobby", position: LOBBY });
  // One left the Lobby by the timeout, the other released by it.
  const visits = await db.pageVisit.findMany({ where: { sessionId: s.id, position: LOBBY } });
  expect(visits.map((v) => v.leftHow).sort()).toEqual(["released", "timeout"]);
  // The released player's deadline is closed by the next sweep, moving nobody.
  expect(await sweepDeadlines({ db, read: db }, now)).toBe(0);
  expect(await db.deadline.count({ where: { sessionId: s.id, firedAt: null } })).toBe(0);
  expect((await players()).map((p) => p.position)).toEqual([PLAY, PLAY]);
  await done();
});

test("a full group before the time is up: the deadlines fire nothing", async () => {
  const { db, s, players, values, done } = await started("lobby", 3);
  expect((await players()).map((p) => p.position)).toEqual([PLAY, PLAY, PLAY]);
  expect(await sweepDeadlines({ db, read: db }, later())).toBe(0);
  expect((await players()).map((p) => p.position)).toEqual([PLAY, PLAY, PLAY]);
  expect(await values("_waitTimeout")).toHaveLength(0);
  expect(await db.group.count({ where: { sessionId: s.id } })).toBe(1);
  await done();
});

test("alone when the time is up: the fallback's fallback moves the player to the named page", async () => {
  const { db, s, players, values, done } = await started("lobby", 1);
  const before = new Date(Date.now() + 60_000);
  // Not yet due: nothing happens.
  expect(await sweepDeadlines({ db, read: db }, before)).toBe(0);
  expect((await players())[0]!.position).toBe(LOBBY);
  expect(await sweepDeadlines({ db, read: db }, later())).toBe(1);
  const [p] = await players();
  expect(p).toMatchObject({ position: SOLO, groupId: null });
  expect(decoded(await values("_waitTimeout"))).toEqual(["moveTo:Solo"]);
  expect((await db.pageVisit.findFirstOrThrow({ where: { sessionId: s.id, position: LOBBY } })).leftHow).toBe("timeout");
  const view = await getParticipantView(db, s.name, p!.name);
  expect(view).toMatchObject({ kind: "page", path: "lobby/Solo" });
  expect(await sweepDeadlines({ db, read: db }, later())).toBe(0);
  await done();
});

test('"proceed" on a grouping page: on alone, in a group of one', async () => {
  const { db, s, players, values, done } = await started("alone", 1);
  expect(await sweepDeadlines({ db, read: db }, later())).toBe(1);
  const [p] = await players();
  expect(p!.position).toBe(1);
  const group = await db.group.findFirstOrThrow({ where: { sessionId: s.id } });
  expect(p!.groupId).toBe(group.id);
  expect(decoded(await values("_waitTimeout"))).toEqual(["proceed"]);
  await done();
});

test('"proceed" on a sync page: on before the partner; the partner, arriving later, does not wait for them', async () => {
  const { db, s, players, values, done } = await started("alone", 2);
  const [first, second] = await players();
  expect([first!.position, second!.position]).toEqual([1, 1]);
  expect(await submitPage({ db, read: db }, s.name, first!.name, 1, {})).toEqual({ kind: "advanced" });
  expect((await players())[0]!.position).toBe(2);
  expect(await sweepDeadlines({ db, read: db }, later())).toBe(1);
  expect((await players())[0]!.position).toBe(3);
  expect(decoded(await values("_waitTimeout"))).toEqual(["proceed"]);
  expect(await submitPage({ db, read: db }, s.name, second!.name, 1, {})).toEqual({ kind: "advanced" });
  expect((await players())[1]!.position).toBe(3);
  await done();
});

test("a sync wait's timeout ends the study with its message; the one left behind is then not waited for", async () => {
  const { db, s, players, done } = await started("lobby", 2);
  await sweepDeadlines({ db, read: db }, later()); // a group of two
  const [first, second] = await players();
  expect(await submitPage({ db, read: db }, s.name, first!.name, PLAY, {})).toEqual({ kind: "advanced" });
  expect((await players())[0]!.position).toBe(SYNC);
  const waiting = await getParticipantView(db, s.name, first!.name);
  expect(waiting).toMatchObject({ kind: "page", path: "lobby/Sync", remainingMs: expect.any(Number), waitedMs: expect.any(Number) });
  expect(await sweepDeadlines({ db, read: db }, later())).toBe(1);
  expect((await players())[0]!.position).toBe(LOBBY_LENGTH);
  expect(await getParticipantView(db, s.name, first!.name)).toEqual({ kind: "end", message: "Your partner did not come back in time. Thank you for waiting.", locale: "en" });
  const ended = await db.fieldWrite.findMany({ where: { sessionId: s.id, key: "_waitTimeout", position: SYNC } });
  expect(ended).toHaveLength(1);
  expect(ended[0]).toMatchObject({ ownerId: first!.id, byKind: "timeout", page: "lobby/Sync" });
  expect(decoded(ended)).toEqual(["end"]);
  // The other member arrives late: the one who left is not waited for.
  expect(await submitPage({ db, read: db }, s.name, second!.name, PLAY, {})).toEqual({ kind: "advanced" });
  expect((await players())[1]!.position).toBe(3);
  expect(await getParticipantView(db, s.name, second!.name)).toMatchObject({ kind: "page", path: "lobby/Result" });
  await done();
});

test("where recruitment is set up (a screen-out in the config), a wait that ends the study screens the player out", async () => {
  const { db, s, players, done } = await started("lobby_screened", 2);
  await sweepDeadlines({ db, read: db }, later()); // a group of two
  const [first] = await players();
  await submitPage({ db, read: db }, s.name, first!.name, PLAY, {});
  expect(await sweepDeadlines({ db, read: db }, later())).toBe(1);
  expect((await players())[0]).toMatchObject({ position: LOBBY_LENGTH, outcome: "screenedOut" });
  const screened = await db.fieldWrite.findMany({ where: { sessionId: s.id, key: "screenedOut" } });
  expect(screened).toHaveLength(1);
  expect(screened[0]).toMatchObject({ ownerId: first!.id, byKind: "timeout", page: "lobby/Sync" });
  expect(decoded(screened)).toEqual(["wait timed out on lobby/Sync"]);
  await done();
});
