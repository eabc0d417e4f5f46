/**
 * The socket events between the server and participants' browsers, typed once for both
 * sides. Names are noun:verb. Inbound payloads are still checked at runtime (zod).
 */
import type { MonitorRow } from "../data/monitor.ts";
import type { JsonValue } from "../experiment/fields.ts";

export const PARTICIPANT_NAMESPACE = "/participant";

export type LiveResult = { ok: true; data: JsonValue } | { ok: false; error: string };

export interface ParticipantServerToClient {
  /** The player was moved (a wait page released them, an admin): re-render the page in place. */
  "page:refresh": () => void;
  /** A full reload of the page. */
  "page:reload": () => void;
  /** Go to another site (http/https only). */
  "page:redirect": (payload: { url: string }) => void;
  /** Show a message on screen. */
  "page:message": (payload: { text: string }) => void;
  /** A push from a live method of the experiment. */
  "live:event": (payload: { event: string; data: JsonValue }) => void;
}

export interface ParticipantClientToServer {
  /** Calls a live method of the page the browser shows (`position`). */
  "live:call": (payload: { position: number; method: string; args: unknown }, ack: (result: LiveResult) => void) => void;
}

export interface ParticipantSocketData {
  playerId: number;
  sessionId: number;
  sname: string;
  pname: string;
  /** the page was rendered for an older position than the player's (set at the handshake) */
  stale: boolean;
}

export const ADMIN_NAMESPACE = "/admin";

export type AdminAck<T = Record<never, never>> = ({ ok: true } & T) | { ok: false; error: string };

export interface AdminServerToClient {
  /** Something about the session changed (a control, another admin): re-read the page. */
  "session:changed": (payload: { sname: string }) => void;
  /** Changed rows of the player monitor (batched). */
  "monitor:delta": (payload: { rows: MonitorRow[] }) => void;
  /** This tab's login was revoked or expired; the socket closes right after. */
  "admin:signed-out": () => void;
}

export interface AdminClientToServer {
  /** Receive the session's changes from now on. */
  "session:watch": (payload: { sname: string }, ack: (result: AdminAck) => void) => void;
  /** The session's player monitor: a snapshot now, then monitor:delta as players change. */
  "monitor:watch": (payload: { sname: string }, ack: (result: AdminAck<{ rows: MonitorRow[] }>) => void) => void;
}

export interface AdminSocketData {
  admin: string;
  /** the AdminLogin token; checked again on every event */
  login: string;
}
