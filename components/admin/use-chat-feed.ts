"use client";

import { useRef, type RefObject } from "react";
import type { Socket } from "socket.io-client";
import type { AdminClientToServer, AdminServerToClient } from "@/lib/realtime/events";
import { useAdminLive } from "./use-admin-live";

type AdminSocket = Socket<AdminServerToClient, AdminClientToServer>;

/**
 * Keeps a chat view live over the admin socket: `reload` runs when the socket (re)connects and
 * on every chat:changed. Returns the socket, for the view's own calls (it is null until connected).
 */
export function useChatFeed(key: string, reload: () => Promise<boolean>): RefObject<AdminSocket | null> {
  const socketRef = useRef<AdminSocket | null>(null);
  useAdminLive(
    key,
    async (socket) => {
      socketRef.current = socket;
      return reload();
    },
    (socket) => {
      socketRef.current = socket;
      socket.on("chat:changed", () => void reload());
    },
  );
  return socketRef;
}
