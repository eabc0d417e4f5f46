/**
 * The socket events between the server and participants' browsers, typed once for both
 * sides. Names are noun:verb. Inbound payloads are still checked at runtime (zod).
 */
import type { ChannelView, ChatInboxEntry, ChatThreadView } from "../data/chat.ts";
import type { MonitorRow } from "../data/monitor.ts";
import type { SessionProgress } from "../data/progress.ts";
import type { QualitySummary } from "../data/quality.ts";
import type { ChatMessageView } from "../engine/chat/message.ts";
import type { LiveResult } from "../engine/participant/live.ts";
import type { JsonValue } from "../experiment/fields.ts";

export type { ChannelView, ChatInboxEntry, ChatMessageView, ChatThreadView, LiveResult };

/** An acknowledgement: what was asked for, or why not (the participant's chat events). */
export type ChatAck<T = Record<never, never>> = ({ ok: true } & T) | { ok: false; error: string };

export const PARTICIPANT_NAMESPACE = "/participant";

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
  /** A new message in one of the player's chat threads (an admin's, or their own from another tab). */
  "chat:message": (payload: ChatMessageView) => void;
  /** An admin allowed or stopped replies in a thread. */
  "chat:replies": (payload: { thread: number; allowed: boolean }) => void;
}

export interface ParticipantClientToServer {
  /** Calls a live method of the page the browser shows (`position`). */
  "live:call": (payload: { position: number; method: string; args: unknown }, ack: (result: LiveResult) => void) => void;
  /** The player's chat threads with their messages (none until an admin has written). */
  "chat:history": (payload: Record<string, never>, ack: (result: ChatAck<{ threads: ChatThreadView[] }>) => void) => void;
  /** Writes in one of the player's threads; refused unless the player may write there. */
  "chat:send": (payload: { thread: number; text: string }, ack: (result: ChatAck<{ message: ChatMessageView }>) => void) => void;
  /** The player has seen their thread up to this message (no answer: a lost mark only leaves a message counted as new). */
  "chat:read": (payload: { thread: number; upTo: number }) => void;
}

export interface ParticipantSocketData {
  playerId: number;
  sessionId: number;
  sname: string;
  pname: string;
  /** the page was rendered for an older position than the player's (set at the handshake) */
  stale: boolean;
  /** a stand-in bot played the player's seat at the handshake (they may take it back) */
  standIn: boolean;
}

export const ROOM_NAMESPACE = "/room";

export interface RoomServerToClient {
  /** The room now lets participants in (a session was created, the room reopened): join now. */
  "room:start": () => void;
}

export interface RoomSocketData {
  room: string;
  label: string;
  connectedAt: number;
}

/** A participant on a room's waiting page (one entry per label, however many tabs). */
export interface RoomWaiter {
  label: string;
  /** when their first open tab connected (epoch ms) */
  since: number;
}

export const ADMIN_NAMESPACE = "/admin";

export type AdminAck<T = Record<never, never>> = ({ ok: true } & T) | { ok: false; error: string };

export interface AdminServerToClient {
  /** Something about the session changed (a control, another admin): re-read the page. */
  "session:changed": (payload: { sname: string }) => void;
  /** Changed rows of the player monitor (batched). */
  "monitor:delta": (payload: { rows: MonitorRow[] }) => void;
  /** A room's settings, state or session changed: re-read its page. */
  "room:changed": (payload: { room: string }) => void;
  /** Who is on the room's waiting page now. */
  "room:waiters": (payload: { room: string; waiters: RoomWaiter[] }) => void;
  /** This tab's login was revoked or expired; the socket closes right after. */
  "admin:signed-out": () => void;
  /** The session's chat changed (a message, a read mark, replies switched): re-read the inbox. */
  "chat:changed": (payload: { sname: string }) => void;
}

export interface AdminClientToServer {
  /** Receive the session's changes from now on. */
  "session:watch": (payload: { sname: string }, ack: (result: AdminAck) => void) => void;
  /** The session's player monitor: a snapshot now, then monitor:delta as players change. */
  "monitor:watch": (payload: { sname: string }, ack: (result: AdminAck<{ rows: MonitorRow[] }>) => void) => void;
  /** A room's changes and waiting list from now on; the waiting list now. */
  "room:watch": (payload: { room: string }, ack: (result: AdminAck<{ waiters: RoomWaiter[] }>) => void) => void;
  /** The session's progress now; monitor:delta from then on says when to ask again. */
  "progress:watch": (payload: { sname: string }, ack: (result: AdminAck<{ progress: SessionProgress }>) => void) => void;
  /** The session's data-quality summary now; monitor:delta from then on says when to ask again. */
  "quality:watch": (payload: { sname: string }, ack: (result: AdminAck<{ quality: QualitySummary }>) => void) => void;
  /** The session's chat inbox now, and chat:changed from now on. */
  "chat:watch": (payload: { sname: string }, ack: (result: AdminAck<{ threads: ChatInboxEntry[] }>) => void) => void;
  /** The participants' channels of the session (group and session-wide chats) now, and chat:changed from now on. */
  "chat:channels": (payload: { sname: string }, ack: (result: AdminAck<{ channels: ChannelView[] }>) => void) => void;
  /** One player's thread: its messages, now marked read for the admins. */
  "chat:open": (payload: { sname: string; player: string }, ack: (result: AdminAck<{ messages: ChatMessageView[]; repliesAllowed: boolean }>) => void) => void;
}

export interface AdminSocketData {
  admin: string;
  /** the AdminLogin token; checked again on every event */
  login: string;
}
