import http from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { io, type Socket } from "socket.io-client";
import { createLogin } from "@/lib/auth/logins";
import type { AdminClientToServer, AdminServerToClient } from "@/lib/realtime/events";
import { createRealtime } from "@/lib/realtime/server";
import { createDb, type Db } from "@/lib/store/db";
import { installPublisher } from "@/lib/store/outbox";
import { freshDb } from "./database";
import { connectParticipant, type ParticipantSocket } from "./sockets";

export type Heard = { event: string; payload: unknown }[];
export type AdminTab = Socket<AdminServerToClient, AdminClientToServer> & { heard: Heard; login: string };

export const ADMIN = "admin";
const SECRET = "a secret for this test's admin cookies";

/**
 * socket.io as server.ts sets it up (createRealtime, which installs the publisher), in this
 * process, on a fresh database: for tests of what engine calls alone make admin and
 * participant tabs hear. Call it at a test file's top level; the fields fill in before the
 * file's own beforeAll hooks run, and every socket made here closes with the server.
 */
export function inProcessRealtime() {
  const sockets: { close(): unknown }[] = [];
  const secretBefore = process.env.NEXTAUTH_SECRET;
  let stop = async () => {};
  const rt = {
    db: undefined as unknown as Db,
    read: undefined as unknown as Db,
    base: "",
    /** closes `socket` with the server */
    track<T extends { close(): unknown }>(socket: T): T {
      sockets.push(socket);
      return socket;
    },
    /** An admin tab: a fresh login of "admin", its signed cookie, a socket from this site's origin. */
    async adminTab(): Promise<AdminTab> {
      const login = await createLogin(rt.db, { admin: ADMIN, method: "password", address: "127.0.0.1", userAgent: "jest" });
      const cookie = `next-auth.session-token=${await encode({ token: { login, name: ADMIN }, secret: SECRET })}`;
      // forceNew: a participant tab opened earlier would otherwise lend its connection, which has no admin cookie.
      const socket = rt.track(io(`${rt.base}/admin`, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { origin: rt.base, cookie } }) as AdminTab);
      socket.heard = [];
      socket.login = login;
      socket.onAny((event: string, payload: unknown) => socket.heard.push({ event, payload }));
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      return socket;
    },
    /** A participant's tab on their page. */
    async participantTab(sname: string, pname: string): Promise<ParticipantSocket & { received: Heard }> {
      return rt.track(await connectParticipant(rt.base, `${rt.base}/p/${sname}/${pname}/`));
    },
  };
  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = SECRET;
    const fresh = freshDb();
    rt.db = fresh.db;
    rt.read = createDb(fresh.url);
    const server = http.createServer();
    const realtime = createRealtime(server, { db: () => rt.db, read: () => rt.read });
    stop = async () => {
      await realtime.presence.stop();
      realtime.stopMonitorFeed();
      await new Promise((r) => realtime.io.close(() => r(undefined)));
    };
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    rt.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await stop();
    installPublisher(undefined);
    await Promise.all([rt.db?.$disconnect(), rt.read?.$disconnect()]);
    process.env.NEXTAUTH_SECRET = secretBefore;
  });
  return rt;
}
