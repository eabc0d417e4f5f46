import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { Db } from "../store/db.ts";
import { registerAdmins } from "./admins.ts";
import { startMonitorFeed } from "./monitor-feed.ts";
import { registerParticipants } from "./participants.ts";
import { registerRoomWaiters } from "./rooms.ts";

// Route handlers (Next bundle) and server.ts are separate module graphs in one process;
// they reach the one socket.io server through globalThis.
const globalForIo = globalThis as unknown as { sproutIo?: Server };

/** Attaches socket.io to the HTTP server Next listens on, so both share one port. */
export function createRealtime(httpServer: HttpServer, dbs: { db: () => Db; read: () => Db }) {
  // serveClient: the rooms' waiting pages (plain HTML from a route handler) load the client from /socket.io/.
  const io = new Server(httpServer, { serveClient: true });
  globalForIo.sproutIo = io;
  const participants = registerParticipants(io, dbs);
  registerAdmins(io, dbs);
  registerRoomWaiters(io, dbs);
  const stopMonitorFeed = startMonitorFeed(io, dbs.read);
  return { io, presence: participants.presence, stopMonitorFeed };
}

export function realtime(): Server | undefined {
  return globalForIo.sproutIo;
}
