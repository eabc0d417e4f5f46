"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { AdminClientToServer, AdminServerToClient } from "@/lib/realtime/events";
import { LiveDot, SignedOutNotice, type LiveStatus } from "./live-status";

/**
 * Keeps a session page current: when anything about the session changes (this admin's
 * action, another admin's, in another tab), the server says so and the page re-reads
 * itself in place. Shows when the connection or the sign-in is lost.
 */
export function SessionLive({ sname }: Readonly<{ sname: string }>) {
  const router = useRouter();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => {
    const socket: Socket<AdminServerToClient, AdminClientToServer> = io("/admin", { transports: ["websocket"] });
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    socket.on("connect", () => {
      socket.emit("session:watch", { sname }, (result) => setStatus(result.ok ? "live" : "lost"));
    });
    socket.on("session:changed", () => {
      // Several changes in a burst become one refresh.
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => router.refresh(), 100);
    });
    socket.on("admin:signed-out", () => setStatus("signed-out"));
    socket.on("connect_error", (e) => setStatus(/signed out/i.test(e.message) ? "signed-out" : "lost"));
    socket.on("disconnect", () => setStatus((s) => (s === "signed-out" ? s : "lost")));
    return () => {
      clearTimeout(refreshTimer);
      socket.disconnect();
    };
  }, [sname, router]);

  return status === "signed-out" ? <SignedOutNotice /> : <LiveDot status={status} />;
}
