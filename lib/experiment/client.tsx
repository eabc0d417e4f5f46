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

/**
 * What a page's live methods take and answer, declared beside the browser code that calls them
 * (the page's definition imports the component, never the reverse). The page's `live` is checked
 * against it with `satisfies LiveMethods<Contract>`.
 * @example type MarketLive = { offer: { input: { price: number }; result: { message: string } } };
 */
export type LiveContract = Record<string, { input: unknown; result: JsonValue | null }>;

/** Live calls typed by a contract: a method it lacks, arguments or a use of the answer that do not fit, do not compile. */
export interface TypedLive<C extends LiveContract> extends Omit<Live, "call"> {
  call<K extends keyof C & string>(method: K, ...args: null extends C[K]["input"] ? [args?: C[K]["input"]] : [args: C[K]["input"]]): Promise<C[K]["result"]>;
}

/** For an experiment's client components: live method calls and pushes of the current page; `useLive<Contract>()` types the calls. */
export function useLive(): Live;
export function useLive<C extends LiveContract>(): TypedLive<C>;
export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error("useLive() works only inside a participant page");
  return live;
}
