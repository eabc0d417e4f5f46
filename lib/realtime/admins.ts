import type { Namespace, Server, Socket } from "socket.io";
import { z } from "zod";
import { authSecret } from "../env.ts";
import { activeLogin } from "../auth/logins.ts";
import { originIsHost } from "../http.ts";
import { adminChatThread, chatInbox, sessionChannels } from "../data/chat.ts";
import { monitorRows } from "../data/monitor.ts";
import { sessionProgress } from "../data/progress.ts";
import { qualitySummary } from "../data/quality.ts";
import { markChatRead } from "../engine/chat/chat.ts";
import { loginTokenFromCookies } from "../auth/session-cookie.ts";
import { adminNames } from "../project.ts";
import type { Db } from "../store/db.ts";
import { adminChatRoom, adminRoomRoom, adminSessionRoom, loginRoom, monitorRoom } from "./channels.ts";
import { ADMIN_NAMESPACE, type AdminAck, type AdminClientToServer, type AdminServerToClient, type AdminSocketData } from "./events.ts";
import { roomWaiters } from "./rooms.ts";
import { log } from "../log.ts";

export type AdminNamespace = Namespace<AdminClientToServer, AdminServerToClient, Record<string, never>, AdminSocketData>;
type AdminSocket = Socket<AdminClientToServer, AdminServerToClient, Record<string, never>, AdminSocketData>;
type Dbs = { db: () => Db; read: () => Db };

const SIGNED_OUT = "You are signed out: sign in again to continue";

const ZWatch = z.object({ sname: z.string().min(1).max(64) });
const ZRoomWatch = z.object({ room: z.string().min(1).max(64) });
const ZChatOpen = z.object({ sname: z.string().min(1).max(64), player: z.string().min(1).max(64) });

/** Joins the session's monitor feed, then answers what `read` reads of the session now. */
async function watchMonitor(dbs: Dbs, socket: AdminSocket, payload: unknown, event: string, read: (sessionId: number, sname: string) => Promise<Record<string, unknown>>): Promise<AdminAck<Record<string, unknown>>> {
  const watch = ZWatch.safeParse(payload);
  if (!watch.success) return { ok: false, error: `${event} needs { sname }` };
  const session = await dbs.read().session.findUnique({ where: { name: watch.data.sname }, select: { id: true } });
  if (!session) return { ok: false, error: `There is no session "${watch.data.sname}"` };
  await socket.join(monitorRoom(session.id));
  return { ok: true, ...(await read(session.id, watch.data.sname)) };
}

/**
 * Every admin socket event, by name. The handshake and each event check the login again,
 * so a revoked login is refused at once (tests/integration/admin/auth-coverage walks this map).
 */
export const adminSocketHandlers: { [E in keyof AdminClientToServer]: (dbs: Dbs, socket: AdminSocket, payload: unknown) => Promise<AdminAck<Record<string, unknown>>> } = {
  "session:watch": async (dbs, socket, payload) => {
    const watch = ZWatch.safeParse(payload);
    if (!watch.success) return { ok: false, error: "session:watch needs { sname }" };
    const exists = await dbs.read().session.count({ where: { name: watch.data.sname } });
    if (!exists) return { ok: false, error: `There is no session "${watch.data.sname}"` };
    await socket.join(adminSessionRoom(watch.data.sname));
    return { ok: true };
  },
  // Joined before the snapshot is read: a change in between arrives as a delta too.
  "monitor:watch": (dbs, socket, payload) => watchMonitor(dbs, socket, payload, "monitor:watch", async (id) => ({ rows: await monitorRows(dbs.read(), { sessionId: id }) })),
  // The monitor's batched deltas are the progress chart's and the quality summary's cue to ask
  // again (joining twice is harmless), so they cost no feed of their own.
  "progress:watch": (dbs, socket, payload) => watchMonitor(dbs, socket, payload, "progress:watch", async (_, sname) => ({ progress: (await sessionProgress(dbs.read(), sname))! })),
  "quality:watch": (dbs, socket, payload) => watchMonitor(dbs, socket, payload, "quality:watch", async (id) => ({ quality: await qualitySummary(dbs.read(), id) })),
  "room:watch": async (dbs, socket, payload) => {
    const watch = ZRoomWatch.safeParse(payload);
    if (!watch.success) return { ok: false, error: "room:watch needs { room }" };
    const exists = await dbs.read().room.count({ where: { name: watch.data.room } });
    if (!exists) return { ok: false, error: `There is no room "${watch.data.room}"` };
    await socket.join(adminRoomRoom(watch.data.room));
    return { ok: true, waiters: await roomWaiters(watch.data.room) };
  },
  "chat:watch": async (dbs, socket, payload) => {
    const watch = ZWatch.safeParse(payload);
    if (!watch.success) return { ok: false, error: "chat:watch needs { sname }" };
    const exists = await dbs.read().session.count({ where: { name: watch.data.sname } });
    if (!exists) return { ok: false, error: `There is no session "${watch.data.sname}"` };
    // Joined before the inbox is read: a message in between arrives as chat:changed too.
    await socket.join(adminChatRoom(watch.data.sname));
    return { ok: true, threads: await chatInbox(dbs.read(), watch.data.sname) };
  },
  "chat:channels": async (dbs, socket, payload) => {
    const watch = ZWatch.safeParse(payload);
    if (!watch.success) return { ok: false, error: "chat:channels needs { sname }" };
    const exists = await dbs.read().session.count({ where: { name: watch.data.sname } });
    if (!exists) return { ok: false, error: `There is no session "${watch.data.sname}"` };
    // The same room as the inbox: a participant's message sends chat:changed there.
    await socket.join(adminChatRoom(watch.data.sname));
    return { ok: true, channels: await sessionChannels(dbs.read(), watch.data.sname) };
  },
  "chat:open": async (dbs, _socket, payload) => {
    const open = ZChatOpen.safeParse(payload);
    if (!open.success) return { ok: false, error: "chat:open needs { sname, player }" };
    const thread = await adminChatThread(dbs.read(), open.data.sname, open.data.player);
    if (!thread) return { ok: false, error: `Session "${open.data.sname}" has no player "${open.data.player}"` };
    // Opening a thread reads it: its unread mark goes, in every admin tab.
    const last = thread.messages.at(-1);
    if (last) await markChatRead(dbs.db(), open.data.sname, open.data.player, last.id);
    return { ok: true, ...thread };
  },
};

const sameOrigin = (socket: AdminSocket) => originIsHost(socket.handshake.headers.origin, socket.handshake.headers.host);

/**
 * The admins' namespace: a socket is admitted with a working admin login cookie from this
 * site, and joins its login's room (revoking the login signs out and closes its tabs).
 */
export function registerAdmins(io: Server, dbs: Dbs): AdminNamespace {
  const ns = io.of(ADMIN_NAMESPACE) as unknown as AdminNamespace;
  const check = (token: string | undefined) => activeLogin({ db: dbs.db(), read: dbs.read() }, token, adminNames());

  ns.use(async (socket, next) => {
    // Cookies ride along with cross-site sockets too: only this site's pages may connect.
    if (!sameOrigin(socket)) return next(new Error("Admin connections are accepted from this site's pages only"));
    try {
      const token = await loginTokenFromCookies(socket.handshake.headers.cookie, authSecret());
      const login = await check(token);
      if (!login) return next(new Error(SIGNED_OUT));
      socket.data = { admin: login.admin, login: login.token };
      next();
    } catch (e) {
      log.error({ err: e }, "admin socket handshake failed");
      next(new Error("The server could not check this sign-in"));
    }
  });

  ns.on("connection", (socket) => {
    void socket.join(loginRoom(socket.data.login));
    for (const [event, handler] of Object.entries(adminSocketHandlers)) {
      socket.on(event as keyof AdminClientToServer, async (payload: unknown, ack: unknown) => {
        if (typeof ack !== "function") return;
        try {
          if (!(await check(socket.data.login))) {
            ack({ ok: false, error: SIGNED_OUT });
            socket.emit("admin:signed-out");
            socket.disconnect(true);
            return;
          }
          ack(await handler(dbs, socket, payload));
        } catch (e) {
          log.error({ err: e, event }, "admin socket event failed");
          ack({ ok: false, error: "Something went wrong on the server; nothing was changed" });
        }
      });
    }
  });
  return ns;
}
