import { playerApi } from "@/lib/engine/core/handles";
import { WriteBuffer } from "@/lib/engine/core/write-buffer";
import { createSession } from "@/lib/engine/admin/sessions";
import { freshDb } from "../../helpers/database";
import { postForm, submitCurrent, text, getPage } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { connectParticipant, eventually } from "../../helpers/sockets";

// A short online window, so "away for longer than the tolerance" happens within a test.
let server: RunningServer;
beforeAll(async () => (server = await startServer({ env: { SPROUT_ONLINE_WINDOW_MS: "1500" } })));
afterAll(() => server?.stop());

const value = async (ownerKind: string, ownerId: number, key: string) => {
  const row = await server.db.fieldValue.findUnique({ where: { ownerKind_ownerId_key: { ownerKind, ownerId, key } } });
  return row?.value == null ? undefined : JSON.parse(row.value);
};

async function pairOnPlay() {
  const s = await newSession(server, "leavers", 2);
  await Promise.all(s.urls.map((u) => postForm(u, { _position: -1 })));
  const players = await server.db.player.findMany({ where: { sessionId: s.id }, orderBy: { index: "asc" } });
  expect(players.map((p) => p.position)).toEqual([1, 1]);
  return { ...s, players: players };
}

test("after a clean tab close the handler runs once, the player is a dropout, and the waiting partner moves on", async () => {
  const s = await pairOnPlay();
  const [leaver, stayer] = s.players;
  const stayerTab = await connectParticipant(server.url, s.urls[1]!);
  const tab = await connectParticipant(server.url, s.urls[0]!);
  tab.close();
  expect((await submitCurrent(s.urls[1]!, { n: 1 })).title).toBe("Please wait");
  await eventually(async () => (await server.db.player.findUniqueOrThrow({ where: { id: leaver!.id } })).dropout, 8000);
  await eventually(async () => (await server.db.player.findUniqueOrThrow({ where: { id: stayer!.id } })).position === 3, 5000);
  expect(text((await getPage(s.urls[1]!)).html)).toContain("partnerLeft=true");
  expect(await value("session", s.id, "handled")).toBe(1);
  expect(await server.db.fieldWrite.findFirstOrThrow({ where: { ownerId: leaver!.id, ownerKind: "player", key: "dropout" } })).toMatchObject({ value: "true", byKind: "system", byName: "dropout" });
  await new Promise((r) => setTimeout(r, 2500));
  expect(await value("session", s.id, "handled")).toBe(1);
  expect(await server.db.dropoutWatch.count({ where: { playerId: leaver!.id, firedAt: { not: null } } })).toBe(1);
  expect((await server.db.player.findUniqueOrThrow({ where: { id: stayer!.id } })).dropout).toBe(false);
  await eventually(() => stayerTab.received.some((e) => e.event === "page:refresh"));
  stayerTab.close();
});

test("players whose pages stay open are never dropouts", async () => {
  const s = await pairOnPlay();
  const tabs = await Promise.all(s.urls.map((u) => connectParticipant(server.url, u)));
  await new Promise((r) => setTimeout(r, 3500));
  expect((await server.db.player.findMany({ where: { sessionId: s.id } })).map((p) => p.dropout)).toEqual([false, false]);
  expect(await value("session", s.id, "handled")).toBeUndefined();
  for (const t of tabs) t.close();
});

test("a watch for a handler the app does not have is refused where it is set", async () => {
  const { db } = freshDb();
  const s = await createSession(db, { config: "leavers", players: 1 }, { byKind: "system" });
  const row = await db.player.findFirstOrThrow({ where: { sessionId: s.id } });
  await db.$transaction(async (tx) => {
    const api = playerApi({ db: tx, buffer: new WriteBuffer(), provenance: { byKind: "hook", hook: "t" }, context: { app: "leavers" } }, row);
    await expect(api.watchForDropout("nope", 5)).rejects.toThrow('App "leavers" has no dropout handler "nope"');
    await expect(api.watchForDropout("leave", 0)).rejects.toThrow("The dropout tolerance must be a number of seconds above 0");
  });
  // Code can also mark a dropout directly.
  await db.$transaction(async (tx) => {
    const buffer = new WriteBuffer();
    await playerApi({ db: tx, buffer, provenance: { byKind: "hook", hook: "t" }, context: { app: "leavers" } }, row).markDropout();
    await buffer.flush(tx);
  });
  expect((await db.player.findUniqueOrThrow({ where: { id: row.id } })).dropout).toBe(true);
  expect(await db.fieldWrite.count({ where: { ownerId: row.id, key: "dropout" } })).toBe(1);
  await db.$disconnect();
});

test("no dropout fires while the session is paused; resuming fires what is due", async () => {
  const { db } = freshDb();
  const s = await createSession(db, { config: "leavers", players: 2 }, { byKind: "system" });
  const { submitPage } = await import("@/lib/engine/participant/navigation");
  const { sweepDropouts } = await import("@/lib/engine/time/sweep");
  for (const p of s.players) await submitPage({ db, read: db }, s.name, p.name, -1, {});
  expect(await db.dropoutWatch.count({ where: { sessionId: s.id } })).toBe(2);
  await db.player.updateMany({ where: { sessionId: s.id }, data: { lastSeen: new Date(Date.now() - 60_000) } });
  await db.session.update({ where: { id: s.id }, data: { active: false } });
  expect(await sweepDropouts({ db, read: db }, 1500)).toBe(0);
  expect(await db.player.count({ where: { sessionId: s.id, dropout: true } })).toBe(0);
  await db.session.update({ where: { id: s.id }, data: { active: true } });
  expect(await sweepDropouts({ db, read: db }, 1500)).toBe(2);
  expect(await sweepDropouts({ db, read: db }, 1500)).toBe(0);
  await db.$disconnect();
});
