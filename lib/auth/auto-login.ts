import crypto from "node:crypto";
import { adminPasswordVariable } from "../env.ts";
import { AUTO_LOGIN_ADMIN, autoLoginConfigured } from "./accounts.ts";
import { sameSecret } from "./passwords.ts";
import { isLoopbackAddress, type Peer } from "./request-peer.ts";

// The token lives in this process only (server.ts and the Next bundle share globalThis): it
// is new on every start and so stops working when the server stops. It starts with the start's
// time (base 36 seconds), so a token from an earlier start can be told from a mistyped one.
const store = globalThis as unknown as { sproutAutoLoginToken?: string };
const TOKEN = /^([0-9a-z]{6,10})-([A-Za-z0-9_-]{32})$/;
/** Tokens printed before they carried the start's time. */
const OLD_TOKEN = /^[A-Za-z0-9_-]{32}$/;

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
  store.sproutAutoLoginToken = `${Math.floor(Date.now() / 1000).toString(36)}-${crypto.randomBytes(24).toString("base64url")}`;
  return store.sproutAutoLoginToken;
}

const PASSWORD_INSTEAD = `sign in with a password instead (set ${adminPasswordVariable(AUTO_LOGIN_ADMIN)} and restart)`;

/**
 * Null when this start's token, presented from the machine Sprout runs on, may sign in; else
 * why not, as the login page shows it. Where the request came from is checked before the
 * token, so a stranger learns nothing about a token.
 */
export function autoLoginRefusal(token: string, peer: Peer): string | null {
  const expected = store.sproutAutoLoginToken;
  if (expected === undefined || !autoLoginConfigured()) {
    return "This server offers no sign-in link now (an admin password is set, or it listens beyond the loopback address): sign in with your admin name and password.";
  }
  if (peer.via === "untrusted-proxy") {
    const header = peer.proxyHeader === "unknown" ? "proxy headers" : `a ${peer.proxyHeader} header`;
    return `This sign-in link only works from the machine Sprout runs on, and this request came through a proxy (it carries ${header}) that Sprout does not read: if that proxy runs on this machine, set TRUST_PROXY to the number of proxies in front of Sprout; otherwise ${PASSWORD_INSTEAD}.`;
  }
  if (!isLoopbackAddress(peer.address)) {
    const from = peer.via === "trusted-proxy" ? `the request came through a proxy from ${peer.address}` : `the request came from ${peer.address || "an unknown address"}`;
    return `This sign-in link only works from the machine Sprout runs on (${from}); ${PASSWORD_INSTEAD}.`;
  }
  if (sameSecret(token, expected)) return null;
  const earlier = TOKEN.exec(token);
  if ((earlier && earlier[1] !== TOKEN.exec(expected)?.[1]) || OLD_TOKEN.test(token)) {
    return "This sign-in link is from an earlier start of the server: the link changes whenever the server restarts. Use the link the server printed last.";
  }
  return "This sign-in link is not right (is it cut short, or mistyped?). Copy the whole link the server printed last.";
}
