"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { io, type Socket } from "socket.io-client";
import type { JsonValue } from "@/lib/experiment/fields";
import { ChatPanel } from "./chat-panel";
import { LiveContext, type Live } from "@/lib/experiment/client";
import { PARTICIPANT_NAMESPACE, type ParticipantClientToServer, type ParticipantServerToClient } from "@/lib/realtime/events";

type ParticipantSocket = Socket<ParticipantServerToClient, ParticipantClientToServer>;

/**
 * The participant's connection: presence, and what the server pushes to every open tab
 * (re-render after a move, reload, redirect, messages, live events). The page never polls;
 * after a reconnect it re-renders once, in case it missed a push while offline.
 */
export function LiveConnection({ sname, pname, position, children }: Readonly<{ sname: string; pname: string; position: number | undefined; children: ReactNode }>) {
  const router = useRouter();
  const positionRef = useRef(position);
  positionRef.current = position;
  const [socket, setSocket] = useState<ParticipantSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const [lost, setLost] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const handlers = useRef(new Map<string, Set<(data: JsonValue) => void>>());

  useEffect(() => {
    // The auth is read at every (re)connection, so it carries the position shown right now.
    // WebSocket only (as the server requires): one connection, which stays on the instance it
    // reached, so a load balancer in front of several needs no sticky sessions.
    const s: ParticipantSocket = io(PARTICIPANT_NAMESPACE, { auth: (send) => send({ sname, pname, position: positionRef.current }), transports: ["websocket"] });
    let lostTimer: ReturnType<typeof setTimeout> | undefined;
    let wasConnected = false;
    const goneAway = () => {
      setConnected(false);
      lostTimer ??= setTimeout(() => setLost(true), 3000);
    };
    s.on("connect", () => {
      clearTimeout(lostTimer);
      lostTimer = undefined;
      setConnected(true);
      setLost(false);
      if (wasConnected) router.refresh();
      wasConnected = true;
    });
    s.on("disconnect", goneAway);
    s.on("connect_error", goneAway);
    s.on("page:refresh", () => router.refresh());
    s.on("page:reload", () => window.location.reload());
    s.on("page:redirect", ({ url }) => {
      if (/^https?:\/\//i.test(url)) window.location.assign(url);
    });
    s.on("page:message", ({ text }) => setMessage(text));
    s.on("live:event", ({ event, data }) => handlers.current.get(event)?.forEach((h) => h(data)));
    setSocket(s);
    return () => {
      clearTimeout(lostTimer);
      s.close();
    };
  }, [sname, pname, router]);

  // Says on the page whether pushes reach it now (for support staff and browser tests: a
  // message sent while a reloading tab has not reconnected yet reaches only the other tabs).
  useEffect(() => {
    document.body.dataset.live = connected ? "connected" : "away";
  }, [connected]);

  const live = useMemo<Live>(
    () => ({
      connected,
      call: async (method, args) => {
        if (!socket) throw new Error("Not connected yet");
        if (positionRef.current === undefined) throw new Error("This page has no live methods");
        const result = await socket.timeout(15_000).emitWithAck("live:call", { position: positionRef.current, method, args: args ?? null });
        if (!result.ok) throw new Error(result.error);
        return result.data;
      },
      on: (event, handler) => {
        const set = handlers.current.get(event) ?? new Set();
        set.add(handler);
        handlers.current.set(event, set);
        return () => set.delete(handler);
      },
    }),
    [socket, connected],
  );

  return (
    <LiveContext.Provider value={live}>
      {lost ? (
        <div role="status" className="fixed inset-x-0 top-0 z-50 bg-amber-100 px-4 py-2 text-center text-sm text-amber-900 shadow">
          The connection to the server was lost. Trying to reconnect… If this lasts, check your internet connection.
        </div>
      ) : null}
      {children}
      <ChatPanel socket={socket} />
      {message !== null ? (
        <div role="dialog" aria-modal="true" aria-labelledby="sprout-message-title" className="fixed inset-0 z-50 flex items-center justify-center bg-stone-900/40 p-4">
          <div className="max-w-md rounded-2xl bg-white p-6 shadow-lg">
            <h2 id="sprout-message-title" className="mb-3 text-lg font-semibold">
              Message from the research team
            </h2>
            <p className="mb-5 whitespace-pre-wrap" data-testid="sprout-message">
              {message}
            </p>
            <div className="flex justify-end">
              <button type="button" autoFocus onClick={() => setMessage(null)} className="rounded-lg bg-emerald-700 px-5 py-2 font-medium text-white hover:bg-emerald-800">
                OK
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </LiveContext.Provider>
  );
}
