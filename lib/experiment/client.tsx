"use client";

import { createContext, useContext } from "react";
import type { JsonValue } from "./fields.ts";

export { island } from "./island.tsx";
export { defineMessages, type Messages, type Translate } from "../i18n/messages.ts";
export type { Locale } from "../i18n/locale.ts";

// Kept apart from LiveConnection on purpose: experiments' client components import this,
// and experiments are also loaded outside Next (server.ts, the CLI), where next/* cannot be.

export interface Live {
  /** Calls a live method of the current page; rejects with the server's message. */
  call: (method: string, args?: unknown) => Promise<JsonValue>;
  /** Listens for pushes of one event; returns the unsubscribe function. */
  on: (event: string, handler: (data: JsonValue) => void) => () => void;
  connected: boolean;
}

export const LiveContext = createContext<Live | null>(null);

/** A live context without a connection (a page rendered on the server, the admin's read-only view): calls fail with `reason`. */
export function offlineLive(reason: string): Live {
  return { connected: false, call: () => Promise.reject(new Error(reason)), on: () => () => undefined };
}

/** For an experiment's client components: live method calls and pushes of the current page. */
export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error("useLive() works only inside a participant page");
  return live;
}
