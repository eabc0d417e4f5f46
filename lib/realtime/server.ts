import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { Db } from "../store/db.ts";
import { installPublisher } from "../store/outbox.ts";
import { registerAdmins } from "./admins.ts";
import { setRealtime } from "./io.ts";
import { hearOtherInstances, startMonitorFeed } from "./monitor-feed.ts";
import { registerParticipants } from "./participants.ts";
import { createPublisher } from "./publish.ts";
import { registerRoomWaiters } from "./rooms.ts";

/**
 * Attaches socket.io to the HTTP server Next listens on, so both share one port, and installs
 * the one publisher: from now on the news of every committed change (lib/store/outbox.ts),
 * whether route handler, server action, sweep or socket made it, goes out through these sockets.
 */
export function createRealtime(httpServer: HttpServer, dbs: { db: () => Db; read: () => Db }) {
  // serveClient: the rooms' waiting pages (plain HTML from a route handler) load the client from /socket.io/.
  // WebSocket only: each socket is one connection that stays on the instance it reached, so a
  // load balancer in front of several instances needs no sticky sessions (HTTP long-polling
  // would spread one socket's requests over instances that do not know it).
  const io = new Server(httpServer, { serveClient: true, transports: ["websocket"] });
  setRealtime(io);
  installPublisher(createPublisher(io));
  const participants = registerParticipants(io, dbs);
  registerAdmins(io, dbs);
  registerRoomWaiters(io, dbs);
  const stopMonitorFeed = startMonitorFeed(io, dbs.read);
  hearOtherInstances(io);
  return { io, presence: participants.presence, stopMonitorFeed };
}
