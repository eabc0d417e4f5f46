"use client";

import type { ReactNode } from "react";
import { LiveContext, type Live } from "@/lib/experiment/client";

const READ_ONLY: Live = {
  connected: false,
  call: () => Promise.reject(new Error("This is the admin's read-only view: live methods do not run here")),
  on: () => () => undefined,
};

/**
 * For the admin's read-only view of a participant's page: experiments' client components that
 * call useLive() render as when offline, and no socket is opened (a socket would count the
 * player as online and update their last seen).
 */
export function ReadOnlyLive({ children }: Readonly<{ children: ReactNode }>) {
  return <LiveContext.Provider value={READ_ONLY}>{children}</LiveContext.Provider>;
}
