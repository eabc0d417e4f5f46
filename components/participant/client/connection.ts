import { io, type Socket } from "socket.io-client";
import type { Live } from "@/lib/experiment/client";
import type { JsonValue } from "@/lib/experiment/fields";
import { PARTICIPANT_NAMESPACE, type ParticipantClientToServer, type ParticipantServerToClient } from "@/lib/realtime/events";

export type ParticipantSocket = Socket<ParticipantServerToClient, ParticipantClientToServer>;

/** What the page's overlay shows: whether pushes reach the page, and the team's message. */
export interface ConnectionState {
  connected: boolean;
  /** Away for more than a moment: the banner shows. */
  lost: boolean;
  message: string | null;
  live: Live;
}

/**
 * The participant's one connection: presence, and what the server pushes to the page
 * (re-render after a move, reload, redirect, messages, live events). The page never polls;
 * after a reconnect it re-renders once, in case it missed a push while offline. A small store
 * (subscribe/get) that the islands and the overlay read through useSyncExternalStore.
 */
export function connect(sname: string, pname: string, position: () => number | undefined, refresh: () => void) {
  // The auth is read at every (re)connection, so it carries the position shown right now.
  // WebSocket only (as the server requires): one connection, which stays on the instance it
  // reached, so a load balancer in front of several needs no sticky sessions.
  const socket: ParticipantSocket = io(PARTICIPANT_NAMESPACE, { auth: (send) => send({ sname, pname, position: position() }), transports: ["websocket"] });
  const listeners = new Set<() => void>();
  const handlers = new Map<string, Set<(data: JsonValue) => void>>();
  const live = (connected: boolean): Live => ({
    connected,
    call: async (method, args) => {
      const at = position();
      if (at === undefined) throw new Error("This page has no live methods");
      const result = await socket.timeout(15_000).emitWithAck("live:call", { position: at, method, args: args ?? null });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    on: (event, handler) => {
      const set = handlers.get(event) ?? new Set();
      set.add(handler);
      handlers.set(event, set);
      return () => set.delete(handler);
    },
  });
  let state: ConnectionState = { connected: false, lost: false, message: null, live: live(false) };
  const set = (next: Partial<ConnectionState>) => {
    state = { ...state, ...next };
    if ("connected" in next) {
      state.live = live(state.connected);
      // Says on the page whether pushes reach it now (for support staff and browser tests).
      document.body.dataset.live = state.connected ? "connected" : "away";
    }
    listeners.forEach((l) => l());
  };

  let lostTimer: ReturnType<typeof setTimeout> | undefined;
  let wasConnected = false;
  const goneAway = () => {
    if (state.connected) set({ connected: false });
    lostTimer ??= setTimeout(() => set({ lost: true }), 3000);
  };
  socket.on("connect", () => {
    clearTimeout(lostTimer);
    lostTimer = undefined;
    set({ connected: true, lost: false });
    if (wasConnected) refresh();
    wasConnected = true;
  });
  socket.on("disconnect", goneAway);
  socket.on("connect_error", goneAway);
  socket.on("page:refresh", refresh);
  socket.on("page:reload", () => window.location.reload());
  socket.on("page:redirect", ({ url }) => {
    if (/^https?:\/\//i.test(url)) window.location.assign(url);
  });
  socket.on("page:message", ({ text }) => set({ message: text }));
  socket.on("live:event", ({ event, data }) => handlers.get(event)?.forEach((h) => h(data)));

  return {
    socket,
    get: () => state,
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dismissMessage: () => set({ message: null }),
  };
}

export type Connection = ReturnType<typeof connect>;
