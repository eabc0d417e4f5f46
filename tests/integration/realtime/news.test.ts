import { io, type Socket } from "socket.io-client";
import { revokeLogin } from "@/lib/auth/logins";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { setPlayerFields } from "@/lib/engine/admin/player-actions";
import { createRoom, createRoomSession, setRoomOpen, updateRoomSettings } from "@/lib/engine/rooms/rooms";
import { setSessionActive } from "@/lib/engine/admin/session-controls";
import { createSession } from "@/lib/engine/admin/sessions";
import { type Db } from "@/lib/store/db";
import { installPublisher } from "@/lib/store/outbox";
import { ADMIN, inProcessRealtime, type Heard } from "../../helpers/realtime";
import { eventually } from "../../helpers/sockets";

// News leaves a transaction one way: the engine puts it in the outbox, the publisher that
// createRealtime installs sends it after commit. Here nothing of app/ runs: engine functions
// are called as a CLI or REST API would call them, and the admin and participant tabs that
// watch (real socket.io clients) must hear exactly what the admin pages' actions make them hear.

const rt = inProcessRealtime();
let db: Db;
let base: string;
beforeAll(() => ({ db, base } = rt));
const { adminTab, participantTab } = rt;

/** A room's waiting page, as far as the socket goes. */
async function waiter(room: string, label: string): Promise<Socket & { heard: Heard }> {
  const socket = io(`${base}/room`, { auth: { room, label }, transports: ["websocket"], reconnection: false }) as Socket & { heard: Heard };
  socket.heard = [];
  socket.onAny((event: string, payload: unknown) => socket.heard.push({ event, payload }));
  rt.track(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

const session = (players: number) => createSession(db, { config: "basics", players }, { byKind: "system" });
/** Long enough for anything sent to have arrived (the monitor feed flushes every 250 ms). */
const settle = () => new Promise((r) => setTimeout(r, 400));

test("pausing a session through the engine alone tells the session's admin tabs and re-renders its participants' tabs", async () => {
  const [s, other] = [await session(1), await session(1)];
  const [watching, elsewhere] = [await adminTab(), await adminTab()];
  expect(await watching.emitWithAck("session:watch", { sname: s.name })).toEqual({ ok: true });
  expect(await elsewhere.emitWithAck("session:watch", { sname: other.name })).toEqual({ ok: true });
  const [tab, otherTab] = [await participantTab(s.name, s.players[0]!.name), await participantTab(other.name, other.players[0]!.name)];

  await setSessionActive(db, ADMIN, s.name, false);

  await eventually(() => watching.heard.length > 0 && tab.received.length > 0);
  await settle();
  expect(watching.heard).toEqual([{ event: "session:changed", payload: { sname: s.name } }]);
  expect(tab.received).toEqual([{ event: "page:refresh", payload: undefined }]);
  expect(elsewhere.heard).toEqual([]);
  expect(otherTab.received).toEqual([]);
});

test("a player action through the engine sends the monitor its changed row and tells the session's admin tabs", async () => {
  const s = await session(2);
  const admin = await adminTab();
  expect(await admin.emitWithAck("session:watch", { sname: s.name })).toEqual({ ok: true });
  const snapshot = await admin.emitWithAck("monitor:watch", { sname: s.name });
  expect(snapshot.ok).toBe(true);

  await setPlayerFields(db, ADMIN, s.name, [s.players[0]!.name], { bonus: 2 });

  await eventually(() => admin.heard.some((h) => h.event === "monitor:delta"));
  expect(admin.heard.find((h) => h.event === "session:changed")).toEqual({ event: "session:changed", payload: { sname: s.name } });
  const delta = admin.heard.find((h) => h.event === "monitor:delta")!.payload as { rows: { name: string }[] };
  expect(delta.rows.map((r) => r.name)).toEqual([s.players[0]!.name]);
});

test("room changes through the engine tell the room's admin tabs and wake its waiting pages; only committed ones", async () => {
  const room = "news_room";
  await createRoom(db, ADMIN, room, { config: "basics", labels: null, capacity: null, open: false });
  const admin = await adminTab();
  expect(await admin.emitWithAck("room:watch", { room })).toMatchObject({ ok: true });
  const waiting = await waiter(room, "W1");
  await settle();
  admin.heard.length = 0; // the waiting list that the waiter's arrival sent

  await setRoomOpen(db, ADMIN, room, true);
  await eventually(() => waiting.heard.length > 0);
  expect(waiting.heard).toEqual([{ event: "room:start", payload: undefined }]);
  await eventually(() => admin.heard.some((h) => h.event === "room:changed"));
  expect(admin.heard.filter((h) => h.event === "room:changed")).toEqual([{ event: "room:changed", payload: { room } }]);

  // A change that is refused rolls back, and its outbox with it: nobody hears of it.
  await createRoomSession(db, ADMIN, room, { config: "basics", players: 1 });
  await settle();
  admin.heard.length = 0;
  waiting.heard.length = 0;
  await expect(updateRoomSettings(db, ADMIN, room, { config: "basics", labels: null, capacity: null, open: true })).rejects.toBeInstanceOf(ConflictError);
  await expect(setSessionActive(db, ADMIN, "no_such_session", false)).rejects.toBeInstanceOf(NotFoundError);
  await settle();
  expect(admin.heard.filter((h) => h.event !== "room:waiters")).toEqual([]);
  expect(waiting.heard).toEqual([]);
});

test("revoking a login through the engine signs out and closes that login's admin tabs, and no other", async () => {
  const [revoked, kept] = [await adminTab(), await adminTab()];
  const closed = new Promise((r) => revoked.once("disconnect", r));

  expect(await revokeLogin(db, { token: revoked.login }, ADMIN)).toBe(revoked.login);

  await closed;
  expect(revoked.heard).toEqual([{ event: "admin:signed-out", payload: undefined }]);
  await settle();
  expect(kept.connected).toBe(true);
  expect(kept.heard).toEqual([]);
});

test("without a publisher (the CLI, a script) the change is made and its news dropped", async () => {
  const s = await session(1);
  const admin = await adminTab();
  expect(await admin.emitWithAck("session:watch", { sname: s.name })).toEqual({ ok: true });
  const tab = await participantTab(s.name, s.players[0]!.name);
  installPublisher(undefined);

  const paused = await setSessionActive(db, ADMIN, s.name, false);

  expect(paused.active).toBe(false);
  await settle();
  expect(admin.heard).toEqual([]);
  expect(tab.received).toEqual([]);
});
