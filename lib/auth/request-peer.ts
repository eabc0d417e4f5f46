import type { IncomingMessage } from "node:http";
import net from "node:net";
import { env } from "../env.ts";
import { log } from "../log.ts";

// Next itself fills in x-forwarded-* before route handlers run, so the custom server notes who
// really connected, who the client is (per TRUST_PROXY) and whether the browser used https
// before Next sees the request, in headers of its own (a client's values under these names are
// replaced).
const PEER_HEADER = "x-sprout-peer";
const CLIENT_HEADER = "x-sprout-client";
const VIA_HEADER = "x-sprout-via";
const HTTPS_HEADER = "x-sprout-https";
const PROXY_HEADERS = ["x-forwarded-for", "forwarded", "x-forwarded-host", "x-real-ip", "via"];

/**
 * How a request reached Sprout: `direct` (no proxy headers), `trusted-proxy` (through the
 * TRUST_PROXY proxies, the client's address read from X-Forwarded-For), or `untrusted-proxy`
 * (proxy headers Sprout may not believe: TRUST_PROXY=0, or a proxy that sent no X-Forwarded-For).
 */
export type Via = "direct" | "trusted-proxy" | `untrusted-proxy:${string}`;

export interface Peer {
  /** The client's address: the connecting one, or behind trusted proxies the one they name. */
  address: string;
  /** The address that connected (behind a proxy, the proxy's). */
  socket: string;
  /** How it came; for an untrusted proxy, the proxy header it carried ("x-forwarded-for", ...). */
  via: "direct" | "trusted-proxy" | "untrusted-proxy";
  proxyHeader?: string;
  /** True when it came with any proxy header (trusted or not). */
  proxied: boolean;
}

/** "::ffff:127.0.0.1" → "127.0.0.1", "[::1]:443" → "::1", "203.0.113.9:5123" → "203.0.113.9"; other text clipped. */
export function normalizeAddress(raw: string): string {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1]!;
  return net.isIP(a) ? a.toLowerCase() : a.replace(/[^\x21-\x7e]/g, "").slice(0, 100);
}

/** True for 127.0.0.0/8 and ::1 (after normalizeAddress). */
export function isLoopbackAddress(address: string): boolean {
  return address === "::1" || (net.isIPv4(address) && address.startsWith("127."));
}

/**
 * The entry of a comma-separated forwarding list that `hops` trusted proxies vouch for: each
 * appends the address it saw, so the Nth from the right is what the outermost trusted proxy
 * saw (with fewer entries, the leftmost). Undefined when the list is empty.
 */
export function trustedEntry(list: string | undefined, hops: number): string | undefined {
  const entries = (list ?? "").split(",").map((e) => e.trim()).filter((e) => e !== "");
  if (entries.length === 0 || hops < 1) return undefined;
  return entries[Math.max(0, entries.length - hops)];
}

const joined = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(",") : value);

let warnedUntrusted = false;

/** Called by server.ts on every request, before Next. */
export function notePeer(req: IncomingMessage, trustProxy: number = env.TRUST_PROXY): void {
  const socket = normalizeAddress(req.socket.remoteAddress ?? "");
  const proxyHeader = PROXY_HEADERS.find((h) => req.headers[h] !== undefined);
  const forwardedFor = trustProxy > 0 ? trustedEntry(joined(req.headers["x-forwarded-for"]), trustProxy) : undefined;
  let via: Via;
  let client = socket;
  if (proxyHeader === undefined) via = "direct";
  else if (forwardedFor !== undefined) {
    via = "trusted-proxy";
    client = normalizeAddress(forwardedFor);
  } else via = `untrusted-proxy:${proxyHeader}`;
  if (via.startsWith("untrusted-proxy") && trustProxy === 0 && !warnedUntrusted) {
    warnedUntrusted = true;
    log.warn(
      { header: proxyHeader, peer: socket },
      "a request came through a proxy, but TRUST_PROXY=0: sign-in throttling, logins and the audit log see the proxy's address for every client; set TRUST_PROXY to the number of proxies in front of Sprout",
    );
  }
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const forwardedProto = trustProxy > 0 ? trustedEntry(joined(req.headers["x-forwarded-proto"]), trustProxy)?.toLowerCase() : undefined;
  req.headers[PEER_HEADER] = socket;
  req.headers[CLIENT_HEADER] = client;
  req.headers[VIA_HEADER] = via;
  req.headers[HTTPS_HEADER] = encrypted || forwardedProto === "https" ? "1" : "0";
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string {
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** Who sent a request, as server.ts noted it (a request it did not note counts as through an untrusted proxy). */
export function requestPeer(headers: HeaderBag): Peer {
  const noted = header(headers, VIA_HEADER);
  const [kind, proxyHeader] = noted.split(":") as [string, string | undefined];
  const via = kind === "direct" || kind === "trusted-proxy" ? kind : "untrusted-proxy";
  const socket = header(headers, PEER_HEADER);
  return {
    address: header(headers, CLIENT_HEADER) || socket,
    socket,
    via,
    ...(via === "untrusted-proxy" ? { proxyHeader: proxyHeader || "unknown" } : {}),
    proxied: via !== "direct",
  };
}

/**
 * True when the browser reached Sprout over https: TLS on the connection itself, or with
 * TRUST_PROXY, `X-Forwarded-Proto: https` from the trusted proxies. Cookies set in answer get
 * `Secure`, and HSTS may be sent.
 */
export function servedOverHttps(headers: HeaderBag): boolean {
  return header(headers, HTTPS_HEADER) === "1";
}
