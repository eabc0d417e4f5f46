"use client";

import { useEffect, useRef, useState } from "react";
import { useAdminLive, type AdminSocket } from "./use-admin-live";

/** A burst of monitor deltas (a lab moving at once) is one new read, at most this often. */
const REFRESH_MS = 1000;

/**
 * A summary of the session kept current: `read` asks the server at every (re)connect, and again
 * whenever the monitor feed says players changed, so the summary costs no feed of its own.
 * `read` answers null when the server refused (the live status then says so).
 */
export function useMonitorRead<T>(key: string, initial: T, read: (socket: AdminSocket) => Promise<T | null>): T {
  const [value, setValue] = useState(initial);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useAdminLive(
    key,
    async (socket) => {
      const next = await read(socket);
      if (next !== null) setValue(next);
      return next !== null;
    },
    (socket) =>
      socket.on("monitor:delta", () => {
        timer.current ??= setTimeout(async () => {
          timer.current = null;
          const next = await read(socket);
          if (next !== null) setValue(next);
        }, REFRESH_MS);
      }),
  );
  return value;
}
