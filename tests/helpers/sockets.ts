import { io, type Socket } from "socket.io-client";
import type { ParticipantClientToServer, ParticipantServerToClient } from "@/lib/realtime/events";

export type ParticipantSocket = Socket<ParticipantServerToClient, ParticipantClientToServer>;

/** A participant's browser tab, as far as the socket goes: connected with the link's names. */
export async function connectParticipant(baseUrl: string, participantUrl: string, position?: number): Promise<ParticipantSocket & { received: { event: string; payload: unknown }[] }> {
  const [, , , , sname, pname] = participantUrl.split("/");
  const auth = position === undefined ? { sname, pname } : { sname, pname, position };
  const socket = io(`${baseUrl}/participant`, { auth, transports: ["websocket"], reconnection: false }) as ParticipantSocket & { received: { event: string; payload: unknown }[] };
  socket.received = [];
  socket.onAny((event: string, payload: unknown) => socket.received.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Waits until `check` holds (polling every 25 ms), failing after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out waiting for a condition");
    await new Promise((r) => setTimeout(r, 25));
  }
}
