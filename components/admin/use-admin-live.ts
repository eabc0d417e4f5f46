"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { AdminClientToServer, AdminServerToClient } from "@/lib/realtime/events";
import type { LiveStatus } from "./live-status";

export type AdminSocket = Socket<AdminServerToClient, AdminClientToServer>;

/**
 * Keeps an admin page current over the admin socket: `watch` subscribes at every (re)connect
 * and says whether the server accepted; when the server says the thing changed (this admin's
 * action, another admin's, in another tab), the page re-reads itself in place (a burst is one
 * refresh). `listen` adds the page's own events. The socket is remade when `key` changes.
 */
export function useAdminLive(key: string, watch: (socket: AdminSocket) => Promise<boolean>, listen?: (socket: AdminSocket) => void): LiveStatus {
  const router = useRouter();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const callbacks = useRef({ watch, listen });
  callbacks.current = { watch, listen };
  useEffect(() => {
    const socket: AdminSocket = io("/admin", { transports: ["websocket"] });
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => router.refresh(), 100);
    };
    socket.on("connect", () => void callbacks.current.watch(socket).then((ok) => setStatus(ok ? "live" : "lost")));
    socket.on("session:changed", refresh);
    socket.on("room:changed", refresh);
    socket.on("admin:signed-out", () => setStatus("signed-out"));
    socket.on("connect_error", (e) => setStatus(/signed out/i.test(e.message) ? "signed-out" : "lost"));
    socket.on("disconnect", () => setStatus((s) => (s === "signed-out" ? s : "lost")));
    callbacks.current.listen?.(socket);
    return () => {
      clearTimeout(refreshTimer);
      socket.disconnect();
    };
  }, [key, router]);
  return status;
}
