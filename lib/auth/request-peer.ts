import type { IncomingMessage } from "node:http";

// Next itself fills in x-forwarded-* before route handlers run, so the custom server notes
// who really connected (and whether a proxy was in between) before Next sees the request.
const PEER_HEADER = "x-sprout-peer";
const PROXIED_HEADER = "x-sprout-proxied";
const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip", "via"];

/** Called by server.ts on every request; values a client sent under these names are dropped. */
export function notePeer(req: IncomingMessage): void {
  const proxied = PROXY_HEADERS.some((h) => req.headers[h] !== undefined);
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  req.headers[PROXIED_HEADER] = proxied ? "1" : "0";
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string {
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** The connecting address, and whether the request came through a proxy (unknown counts as proxied). */
export function requestPeer(headers: HeaderBag): { address: string; proxied: boolean } {
  return { address: header(headers, PEER_HEADER), proxied: header(headers, PROXIED_HEADER) !== "0" };
}
