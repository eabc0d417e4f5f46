import type { JsonValue } from "../experiment/fields.ts";
import { realtime } from "./server.ts";
import { PARTICIPANT_NAMESPACE } from "./events.ts";
import { noteChangedPlayers } from "./monitor-feed.ts";

/** A socket message for some players, queued during a transaction and sent after it commits. */
export type Push =
  | { to: { players: number[] } | { session: number }; event: "page:refresh" | "page:reload" }
  | { to: { players: number[] }; event: "page:redirect"; url: string }
  | { to: { players: number[] }; event: "page:message"; text: string }
  | { to: { players: number[] }; event: "live:event"; name: string; data: JsonValue }
  /** not sent to participants: the admins' monitors re-read these players (see monitor-feed.ts) */
  | { to: { players: number[] }; event: "monitor:changed" };

export const playerRoom = (playerId: number) => `player:${playerId}`;
/** Every open tab of every player of a session. */
export const sessionRoom = (sessionId: number) => `session:${sessionId}`;

/**
 * Sends pushes to every open tab of their players. Call it only after the transaction that
 * made them committed: a push is a hint to look again, the database is the truth. Without a
 * socket server (tests, the CLI) it does nothing.
 */
export function publish(pushes: readonly Push[]): void {
  const io = realtime();
  if (!io || pushes.length === 0) return;
  const ns = io.of(PARTICIPANT_NAMESPACE);
  for (const push of pushes) {
    if (push.event === "monitor:changed") {
      noteChangedPlayers(push.to.players);
      continue;
    }
    const rooms = "session" in push.to ? [sessionRoom(push.to.session)] : push.to.players.map(playerRoom);
    if (rooms.length === 0) continue;
    const target = ns.to(rooms);
    switch (push.event) {
      case "page:refresh":
      case "page:reload":
        target.emit(push.event);
        break;
      case "page:redirect":
        target.emit("page:redirect", { url: push.url });
        break;
      case "page:message":
        target.emit("page:message", { text: push.text });
        break;
      case "live:event":
        target.emit("live:event", { event: push.name, data: push.data });
        break;
    }
  }
}
