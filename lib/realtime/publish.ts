import type { Namespace, Server } from "socket.io";
import type { News, Publisher, Push } from "../store/outbox.ts";
import { adminChatRoom, adminRoomRoom, adminSessionRoom, loginRoom, playerRoom, sessionRoom, waitingRoom } from "./channels.ts";
import {
  ADMIN_NAMESPACE,
  PARTICIPANT_NAMESPACE,
  ROOM_NAMESPACE,
  type AdminServerToClient,
  type ParticipantServerToClient,
  type RoomServerToClient,
} from "./events.ts";
import { isJoined } from "./adapter.ts";
import { MONITOR_CHANGED, noteChangedPlayers } from "./monitor-feed.ts";

type Sends<ServerToClient extends object> = Namespace<Record<string, never>, ServerToClient>;

/**
 * The one publisher: what changes state puts its news in the transaction's outbox
 * (lib/store/outbox.ts), and createRealtime installs this to send it after commit. Every
 * piece of news becomes an emit to a socket.io room (channels.ts), which a socket.io adapter
 * can carry to the other instances. Changed monitor rows are the exception: every instance
 * (this one directly, the others through the adapter's server-side emit) notes them in its
 * own set, and its monitor feed sends them in batches to the admins connected to it.
 */
export function createPublisher(io: Server): Publisher {
  const participants = io.of(PARTICIPANT_NAMESPACE) as unknown as Sends<ParticipantServerToClient>;
  const admins = io.of(ADMIN_NAMESPACE) as unknown as Sends<AdminServerToClient>;
  const waiting = io.of(ROOM_NAMESPACE) as unknown as Sends<RoomServerToClient>;

  function send(news: News): void {
    switch (news.event) {
      case "monitor:changed":
        // Every instance's feed serves the admins connected to it: each hears of the change.
        noteChangedPlayers(news.to.players);
        if (isJoined(io)) io.serverSideEmit(MONITOR_CHANGED, news.to.players);
        break;
      case "session:changed":
        admins.to(adminSessionRoom(news.sname)).emit("session:changed", { sname: news.sname });
        break;
      case "chat:changed":
        admins.to(adminChatRoom(news.sname)).emit("chat:changed", { sname: news.sname });
        break;
      case "room:changed":
        admins.to(adminRoomRoom(news.room)).emit("room:changed", { room: news.room });
        break;
      case "room:start":
        waiting.to(waitingRoom(news.room)).emit("room:start");
        break;
      case "admin:signed-out":
        for (const login of news.logins) {
          admins.to(loginRoom(login)).emit("admin:signed-out");
          admins.in(loginRoom(login)).disconnectSockets(true);
        }
        break;
      default:
        toParticipants(news);
    }
  }

  /** To every open tab of the players, or of the whole session. */
  function toParticipants(news: Exclude<Push, { event: "monitor:changed" }>): void {
    const rooms = "session" in news.to ? [sessionRoom(news.to.session)] : news.to.players.map(playerRoom);
    if (rooms.length === 0) return;
    const tabs = participants.to(rooms);
    switch (news.event) {
      case "page:refresh":
      case "page:reload":
        tabs.emit(news.event);
        break;
      case "page:redirect":
        tabs.emit("page:redirect", { url: news.url });
        break;
      case "page:message":
        tabs.emit("page:message", { text: news.text });
        break;
      case "live:event":
        tabs.emit("live:event", { event: news.name, data: news.data });
        break;
      case "chat:message":
        tabs.emit("chat:message", news.message);
        break;
      case "chat:replies":
        tabs.emit("chat:replies", { thread: news.thread, allowed: news.allowed });
        break;
    }
  }

  return (news) => {
    for (const item of news) send(item);
  };
}
