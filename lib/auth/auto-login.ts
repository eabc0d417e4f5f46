import crypto from "node:crypto";
import { autoLoginConfigured } from "./accounts.ts";
import { sameSecret } from "./passwords.ts";

// The token lives in this process only (server.ts and the Next bundle share globalThis): it
// is new on every start and so stops working when the server stops.
const store = globalThis as unknown as { sproutAutoLoginToken?: string };

/** True when this start printed an auto-login link. */
export function autoLoginIssued(): boolean {
  return store.sproutAutoLoginToken !== undefined;
}

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Issues this start's auto-login token when the project allows it and the server listens on loopback only. */
export function issueAutoLoginToken(listenHost: string): string | null {
  if (!autoLoginConfigured() || !isLoopbackHost(listenHost)) return null;
  store.sproutAutoLoginToken = crypto.randomBytes(24).toString("base64url");
  return store.sproutAutoLoginToken;
}

/** True for this start's token, presented directly (not through a proxy). */
export function autoLoginAccepted(token: string, proxied: boolean): boolean {
  const expected = store.sproutAutoLoginToken;
  return !proxied && expected !== undefined && autoLoginConfigured() && sameSecret(token, expected);
}
