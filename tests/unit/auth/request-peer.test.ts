import type { IncomingMessage } from "node:http";
import { log } from "@/lib/log";
import { isLoopbackAddress, normalizeAddress, notePeer, requestPeer, servedOverHttps, trustedEntry } from "@/lib/auth/request-peer";

/** A request as server.ts gets it: its headers and the socket it came on. */
function request(headers: Record<string, string>, remoteAddress = "10.0.0.5", encrypted = false): IncomingMessage {
  return { headers: { ...headers }, socket: { remoteAddress, ...(encrypted ? { encrypted: true } : {}) } } as unknown as IncomingMessage;
}

function noted(headers: Record<string, string>, trustProxy: number, remoteAddress?: string, encrypted?: boolean) {
  const req = request(headers, remoteAddress, encrypted);
  notePeer(req, trustProxy);
  return { peer: requestPeer(req.headers), https: servedOverHttps(req.headers) };
}

test("the Nth address from the right of X-Forwarded-For, or the leftmost when there are fewer", () => {
  expect(trustedEntry("198.51.100.1, 203.0.113.9, 10.0.0.1", 1)).toBe("10.0.0.1");
  expect(trustedEntry("198.51.100.1, 203.0.113.9, 10.0.0.1", 2)).toBe("203.0.113.9");
  expect(trustedEntry("198.51.100.1, 203.0.113.9, 10.0.0.1", 3)).toBe("198.51.100.1");
  expect(trustedEntry("203.0.113.9", 3)).toBe("203.0.113.9");
  expect(trustedEntry(" , ", 1)).toBeUndefined();
  expect(trustedEntry("203.0.113.9", 0)).toBeUndefined();
});

test("addresses are normalized: ports, brackets and IPv4-mapped IPv6 removed, junk clipped", () => {
  expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
  expect(normalizeAddress("203.0.113.9:5123")).toBe("203.0.113.9");
  expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
  expect(normalizeAddress("unknown")).toBe("unknown");
  expect(normalizeAddress(`x\u0000y${"z".repeat(200)}`)).toHaveLength(100);
  expect([isLoopbackAddress("127.0.0.1"), isLoopbackAddress("127.3.2.1"), isLoopbackAddress("::1"), isLoopbackAddress("192.0.2.1"), isLoopbackAddress("")]).toEqual([true, true, true, false, false]);
});

test("TRUST_PROXY=0: the socket's address, and any proxy header makes the request untrusted (logged once, naming TRUST_PROXY)", () => {
  const warn = jest.spyOn(log, "warn").mockImplementation(() => undefined);
  expect(noted({}, 0).peer).toEqual({ address: "10.0.0.5", socket: "10.0.0.5", via: "direct", proxied: false });
  expect(noted({ "x-forwarded-for": "203.0.113.9" }, 0).peer).toEqual({ address: "10.0.0.5", socket: "10.0.0.5", via: "untrusted-proxy", proxyHeader: "x-forwarded-for", proxied: true });
  expect(noted({ forwarded: "for=203.0.113.9" }, 0).peer).toMatchObject({ via: "untrusted-proxy", proxyHeader: "forwarded" });
  expect(noted({ "x-forwarded-proto": "https" }, 0).https).toBe(false);
  expect(warn).toHaveBeenCalledTimes(1);
  expect(warn.mock.calls[0]![1]).toMatch(/through a proxy, but TRUST_PROXY=0/);
  warn.mockRestore();
});

test("TRUST_PROXY=1: the client is the address the proxy appended; X-Forwarded-Proto counts", () => {
  // A client's own (forged) entry comes first; the proxy's view of it is the rightmost.
  expect(noted({ "x-forwarded-for": "127.0.0.1, 203.0.113.9" }, 1, "127.0.0.1").peer).toEqual({ address: "203.0.113.9", socket: "127.0.0.1", via: "trusted-proxy", proxied: true });
  expect(noted({ "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https" }, 1).https).toBe(true);
  expect(noted({ "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "http" }, 1).https).toBe(false);
  // Proxy headers without X-Forwarded-For: who the client is is unknown.
  expect(noted({ "x-real-ip": "203.0.113.9" }, 1).peer).toMatchObject({ address: "10.0.0.5", via: "untrusted-proxy", proxyHeader: "x-real-ip" });
  // No proxy headers: a direct request.
  expect(noted({}, 1, "::ffff:192.0.2.7").peer).toEqual({ address: "192.0.2.7", socket: "192.0.2.7", via: "direct", proxied: false });
});

test("TLS on the connection itself is https; values a client sends under the internal names are replaced", () => {
  expect(noted({}, 0, "10.0.0.5", true).https).toBe(true);
  const forged = noted({ "x-sprout-client": "127.0.0.1", "x-sprout-via": "direct", "x-sprout-https": "1", "x-forwarded-for": "127.0.0.1" }, 0, "203.0.113.9");
  expect(forged).toEqual({ peer: { address: "203.0.113.9", socket: "203.0.113.9", via: "untrusted-proxy", proxyHeader: "x-forwarded-for", proxied: true }, https: false });
});

test("a request server.ts did not note counts as through an untrusted proxy, and not https", () => {
  expect(requestPeer(new Headers())).toMatchObject({ via: "untrusted-proxy", proxied: true });
  expect(servedOverHttps(new Headers())).toBe(false);
});
