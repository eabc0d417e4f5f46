import type { Namespace, Server } from "socket.io";
import { z } from "zod";
import { callLive } from "../engine/participant/live.ts";
import { takeSeatBack } from "../engine/standin/seat-back.ts";
import { registerParticipantChat } from "./participant-chat.ts";
import type { Db } from "../store/db.ts";
import { playerRoom, sessionRoom } from "./channels.ts";
import { PARTICIPANT_NAMESPACE, type ParticipantClientToServer, type ParticipantServerToClient, type ParticipantSocketData } from "./events.ts";
import { Presence } from "./presence.ts";
import { log } from "../log.ts";

const ZHandshake = z.object({
  sname: z.string().min(1).max(64),
  pname: z.string().min(1).max(64),
  /** the position the page was rendered for; a move missed before connecting is caught up at once */
  position: z.number().int().optional(),
});
const ZLiveCall = z.object({ position: z.number().int(), method: z.string().min(1).max(100), args: z.unknown() });

export type ParticipantNamespace = Namespace<ParticipantClientToServer, ParticipantServerToClient, Record<string, never>, ParticipantSocketData>;

/**
 * The participants' namespace: a socket is admitted with its participant link's names and
 * joins its player's room, so every open tab of that player gets every push.
 */
export function registerParticipants(io: Server, dbs: { db: () => Db; read: () => Db }): { namespace: ParticipantNamespace; presence: Presence } {
  // The server is untyped (several namespaces share it); this namespace gets its own event maps.
  const ns = io.of(PARTICIPANT_NAMESPACE) as unknown as ParticipantNamespace;
  const presence = new Presence(dbs.db);

  ns.use(async (socket, next) => {
    const auth = ZHandshake.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error("A participant connection needs the session and player names of a participant link"));
    try {
      const player = await dbs.read().player.findFirst({ where: { name: auth.data.pname, session: { name: auth.data.sname } }, select: { id: true, sessionId: true, position: true, standIn: true } });
      if (!player) return next(new Error("There is no such participant link"));
      socket.data = { playerId: player.id, sessionId: player.sessionId, sname: auth.data.sname, pname: auth.data.pname, stale: auth.data.position !== undefined && auth.data.position !== player.position, standIn: player.standIn !== null };
      next();
    } catch (e) {
      log.error({ err: e }, "participant socket handshake failed");
      next(new Error("The server could not check this participant link"));
    }
  });

  ns.on("connection", (socket) => {
    const { playerId, sessionId } = socket.data;
    void socket.join([playerRoom(playerId), sessionRoom(sessionId)]);
    presence.connected(playerId);
    // The player moved between the page's render and this connection (a release pushed into
    // an empty room): the page catches up now rather than wait for ever.
    if (socket.data.stale) socket.emit("page:refresh");
    // A dropout whose seat a stand-in bot plays is back: where the app allows it, they take the
    // seat back at the bot's page (the refresh shows it) and the bot stops.
    if (socket.data.standIn) takeSeatBack(dbs.db(), playerId).catch((e: unknown) => log.error({ err: e }, "taking a seat back from a stand-in failed"));
    socket.on("disconnect", () => presence.disconnected(playerId));
    socket.on("live:call", async (payload, ack) => {
      if (typeof ack !== "function") return;
      const call = ZLiveCall.safeParse(payload);
      if (!call.success) return ack({ ok: false, error: "A live call needs { position, method, args }" });
      try {
        ack(await callLive({ db: dbs.db(), read: dbs.read() }, playerId, call.data.position, call.data.method, call.data.args));
      } catch (e) {
        log.error({ err: e, method: call.data.method }, "live call failed");
        ack({ ok: false, error: "Something went wrong on the server; nothing was changed" });
      }
    });
    registerParticipantChat(socket, dbs);
  });
  return { namespace: ns, presence };
}
