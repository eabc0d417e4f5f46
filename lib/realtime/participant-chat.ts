import type { Socket } from "socket.io";
import { z } from "zod";
import { playerChatThreads } from "../data/chat.ts";
import { markParticipantRead, sendParticipantChat } from "../engine/chat/chat.ts";
import { isExpectedError } from "../errors.ts";
import type { Db } from "../store/db.ts";
import type { ParticipantClientToServer, ParticipantServerToClient, ParticipantSocketData } from "./events.ts";
import { log } from "../log.ts";

type ParticipantSocket = Socket<ParticipantClientToServer, ParticipantServerToClient, Record<string, never>, ParticipantSocketData>;

// The thread id is only a pointer: whether this player may read or write there is decided
// from the socket's own player (set at the handshake from the participant link), never
// from anything in the payload.
const ZSend = z.object({ thread: z.number().int().positive(), text: z.string() }).strict();
const ZRead = z.object({ thread: z.number().int().positive(), upTo: z.number().int().positive().max(2 ** 31 - 1) }).strict();
const FAILED = "Something went wrong on the server; the message was not sent";

/** The chat events of one participant socket: the player's threads, and writing in one. */
export function registerParticipantChat(socket: ParticipantSocket, dbs: { db: () => Db; read: () => Db }): void {
  const { playerId, sessionId, pname, sname } = socket.data;
  socket.on("chat:history", async (_payload, ack) => {
    if (typeof ack !== "function") return;
    try {
      ack({ ok: true, threads: await playerChatThreads(dbs.read(), playerId) });
    } catch (e) {
      log.error({ err: e }, "chat history failed");
      ack({ ok: false, error: "The messages could not be loaded" });
    }
  });
  socket.on("chat:send", async (payload, ack) => {
    if (typeof ack !== "function") return;
    const send = ZSend.safeParse(payload);
    if (!send.success) return ack({ ok: false, error: "A chat message needs { thread, text }" });
    try {
      ack({ ok: true, message: await sendParticipantChat(dbs.db(), { id: playerId, sessionId, name: pname, sname }, send.data.thread, send.data.text) });
    } catch (e) {
      if (isExpectedError(e)) return ack({ ok: false, error: e.message });
      log.error({ err: e }, "chat send failed");
      ack({ ok: false, error: FAILED });
    }
  });
  socket.on("chat:read", async (payload) => {
    const mark = ZRead.safeParse(payload);
    if (!mark.success) return;
    try {
      // Only this player's own membership row can move: another thread's id matches nothing.
      await markParticipantRead(dbs.db(), playerId, mark.data.thread, mark.data.upTo);
    } catch (e) {
      log.error({ err: e }, "chat read mark failed");
    }
  });
}
