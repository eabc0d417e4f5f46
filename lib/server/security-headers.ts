import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { servedOverHttps } from "../auth/request-peer.ts";
import { env } from "../env.ts";
import { NONCE_HEADER } from "./nonce.ts";

// The security headers of every response, set by server.ts before the request reaches Next
// (and before server.ts's own answers: health, "starting", the database-away page).
// docs/security.md says what each one is for.

/**
 * The Content-Security-Policy for one request. Scripts run only when they carry this request's
 * nonce (Next adds it to its own scripts; Sprout's few inline scripts add it themselves), or
 * when a script so trusted loads them ('strict-dynamic': Next's chunks, loaded by its runtime).
 * 'self' in script-src is for browsers older than CSP 3, which ignore 'strict-dynamic'.
 */
export function contentSecurityPolicy(nonce: string, dev = env.NODE_ENV !== "production"): string {
  return [
    "default-src 'self'",
    // Next's dev mode evaluates code (React's call stacks, hot reloading); a production build never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline styles stay allowed: React's style={...} attributes (progress bars, the monitor),
    // Next's and the small participant pages' <style> blocks. A nonce here would switch
    // 'unsafe-inline' off, and style attributes cannot carry one. Styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    // Same origin covers socket.io's WebSocket too (ws:/wss: to the page's own host) in
    // Chromium 71+, Firefox and Safari 16+.
    "connect-src 'self'",
    // Nobody else frames Sprout's pages (clickjacking); its own pages may.
    "frame-ancestors 'self'",
    "base-uri 'self'",
    // Forms post to Sprout only. A redirect the admin sends participants (to another site) is a
    // navigation by script, which form-action does not govern.
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** Participant links are credentials: their pages stay out of search engines. */
const PARTICIPANT_PATH = /^\/(p|s|room)(\/|$)/;
/** Next's build output (scripts, styles, fonts): files, never documents, so no policy. */
const STATIC_PATH = /^\/_next\/static\//;

export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? "/").split("?")[0]!;
  res.setHeader("x-content-type-options", "nosniff");
  // A full Referer within Sprout, none to other sites: a page's address (a participant's link
  // is their credential) never leaves in a Referer. Not 'no-referrer': with it browsers send
  // "Origin: null" on same-origin POSTs, which the server-action origin check refuses.
  res.setHeader("referrer-policy", "same-origin");
  // For browsers without frame-ancestors.
  res.setHeader("x-frame-options", "SAMEORIGIN");
  // Only over https (TLS here, or X-Forwarded-Proto from TRUST_PROXY proxies), as noted by
  // notePeer, which server.ts calls first: a browser ignores HSTS over http anyway, and a
  // client's own X-Forwarded-Proto is not believed.
  if (servedOverHttps(req.headers)) res.setHeader("strict-transport-security", "max-age=31536000");
  if (PARTICIPANT_PATH.test(path)) res.setHeader("x-robots-tag", "noindex, nofollow");

  // A client's own values under these names never reach Next.
  delete req.headers["content-security-policy"];
  delete req.headers["content-security-policy-report-only"];
  delete req.headers[NONCE_HEADER];
  if (STATIC_PATH.test(path)) return;
  const nonce = crypto.randomBytes(16).toString("base64");
  const policy = contentSecurityPolicy(nonce);
  // Next takes the nonce for its scripts from the request's CSP header
  // (next/dist/server/app-render/get-script-nonce-from-header.js); Sprout's code reads x-nonce.
  req.headers["content-security-policy"] = policy;
  req.headers[NONCE_HEADER] = nonce;
  res.setHeader("content-security-policy", policy);
}
