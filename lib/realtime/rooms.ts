import type { Namespace, Server } from "socket.io";
import { z } from "zod";
import { acceptsLabel, letsIn } from "../engine/rooms/rules.ts";
import { returningPlayer } from "../engine/rooms/slots.ts";
import { LABEL_PATTERN } from "../experiment/room-labels.ts";
import type { Db } from "../store/db.ts";
import { adminRoomRoom, waitingRoom } from "./channels.ts";
import { ADMIN_NAMESPACE, ROOM_NAMESPACE, type RoomServerToClient, type RoomSocketData, type RoomWaiter } from "./events.ts";
import { realtime } from "./io.ts";
import { log } from "../log.ts";

// Waiting pages of rooms. Who waits is the set of open sockets, not a table: a closed tab
// stops waiting by itself. They are woken by the news of a change that lets them in
// (room:start, sent by publish.ts). fetchSockets and the sends reach other instances once a
// socket.io adapter joins them; without one, each instance sees and wakes its own.

type RoomNamespace = Namespace<Record<string, never>, RoomServerToClient, Record<string, never>, RoomSocketData>;

const ZHandshake = z.object({ room: z.string().min(1).max(64), label: z.string().regex(LABEL_PATTERN) });

/** Who waits in a room now, one entry per label (oldest tab first), longest waiting first. */
export async function roomWaiters(room: string, io = realtime()): Promise<RoomWaiter[]> {
  if (!io) return [];
  const byLabel = new Map<string, number>();
  for (const socket of await io.of(ROOM_NAMESPACE).in(waitingRoom(room)).fetchSockets()) {
    const { label, connectedAt } = socket.data as RoomSocketData;
    byLabel.set(label, Math.min(byLabel.get(label) ?? Infinity, connectedAt));
  }
  return [...byLabel].map(([label, since]) => ({ label, since })).sort((a, b) => a.since - b.since || a.label.localeCompare(b.label));
}

const pending = new Map<string, NodeJS.Timeout>();

/**
 * Sends the room's admin tabs its waiting list, at most every 250 ms: a wake closes every
 * waiting page at once, and one list for the burst beats one per page.
 */
function pushWaiters(io: Server, room: string): void {
  if (pending.has(room)) return;
  const timer = setTimeout(() => {
    pending.delete(room);
    roomWaiters(room, io)
      .then((waiters) => io.of(ADMIN_NAMESPACE).to(adminRoomRoom(room)).emit("room:waiters", { room, waiters }))
      .catch((e: unknown) => log.error({ err: e }, "room waiters update failed"));
  }, 250);
  timer.unref();
  pending.set(room, timer);
}

/**
 * The waiting pages' namespace: a socket names its room and a label the room accepts. When
 * it connects after the room already let people in (it opened between the page's render and
 * the connection), it is told to join at once.
 */
export function registerRoomWaiters(io: Server, dbs: { read: () => Db }): RoomNamespace {
  const ns = io.of(ROOM_NAMESPACE) as unknown as RoomNamespace;
  ns.use(async (socket, next) => {
    const auth = ZHandshake.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error("A waiting page connection needs its room and a label"));
    try {
      const room = await dbs.read().room.findUnique({ where: { name: auth.data.room } });
      if (!room) return next(new Error("There is no such room"));
      if (!acceptsLabel(room, auth.data.label)) return next(new Error("This room does not accept that access code"));
      socket.data = { room: room.name, label: auth.data.label, connectedAt: Date.now() };
      next();
    } catch (e) {
      log.error({ err: e }, "room waiter handshake failed");
      next(new Error("The server could not check this room"));
    }
  });
  ns.on("connection", async (socket) => {
    const { room } = socket.data;
    socket.on("disconnect", () => pushWaiters(io, room));
    await socket.join(waitingRoom(room));
    try {
      pushWaiters(io, room);
      const row = await dbs.read().room.findUnique({ where: { name: room } });
      const hasSession = (await dbs.read().session.count({ where: { room } })) > 0;
      // In: the room lets people in now, or this label already has its player (e.g. Back from it).
      if (row && (letsIn(row, hasSession) || (hasSession && (await returningPlayer(dbs.read(), room, socket.data.label))))) socket.emit("room:start");
    } catch (e) {
      log.error({ err: e }, "room waiter failed");
    }
  });
  return ns;
}
