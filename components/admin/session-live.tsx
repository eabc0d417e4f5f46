"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { AdminClientToServer, AdminServerToClient } from "@/lib/realtime/events";

/**
 * Keeps a session page current: when anything about the session changes (this admin's
 * action, another admin's, in another tab), the server says so and the page re-reads
 * itself in place. Shows when the connection or the sign-in is lost.
 */
export function SessionLive({ sname }: Readonly<{ sname: string }>) {
  const router = useRouter();
  const [status, setStatus] = useState<"connecting" | "live" | "lost" | "signed-out">("connecting");
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

  if (status === "signed-out") {
    return (
      <div role="alert" className="mb-4 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
        You have been signed out (your login was revoked or has expired). <a href="/admin/login/" className="font-medium underline">Sign in again</a>
      </div>
    );
  }
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-stone-500" data-live={status}>
      <span aria-hidden className={`h-2 w-2 rounded-full ${status === "live" ? "bg-emerald-500" : status === "lost" ? "bg-red-500" : "bg-stone-300"}`} />
      {status === "live" ? "Live" : status === "lost" ? "Reconnecting…" : "Connecting…"}
    </span>
  );
}
