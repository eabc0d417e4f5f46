"use client";

import { LiveDot, SignedOutNotice } from "./live-status";
import { useAdminLive } from "./use-admin-live";

/**
 * Keeps a session page current: when anything about the session changes, the page re-reads
 * itself in place. Shows when the connection or the sign-in is lost.
 */
export function SessionLive({ sname }: Readonly<{ sname: string }>) {
  const status = useAdminLive(sname, async (socket) => (await socket.emitWithAck("session:watch", { sname })).ok);
  return status === "signed-out" ? <SignedOutNotice /> : <LiveDot status={status} />;
}
