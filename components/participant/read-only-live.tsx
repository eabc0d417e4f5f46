"use client";

import type { ReactNode } from "react";
import { LiveContext, offlineLive } from "@/lib/experiment/client";

const READ_ONLY = offlineLive("This is the admin's read-only view: live methods do not run here");

/**
 * For the admin's read-only view of a participant's page: experiments' client components that
 * call useLive() render as when offline, and no socket is opened (a socket would count the
 * player as online and update their last seen).
 */
export function ReadOnlyLive({ children }: Readonly<{ children: ReactNode }>) {
  return <LiveContext.Provider value={READ_ONLY}>{children}</LiveContext.Provider>;
}
