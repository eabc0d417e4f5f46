// This request's script nonce, for the few inline <script> elements Sprout writes itself.
// server.ts (lib/server/security-headers.ts) makes a fresh one per request and puts it on the
// request, where Next also finds it (in the Content-Security-Policy request header) for its
// own scripts. A value a client sent under this name is always replaced.

/** The request header carrying the nonce. */
export const NONCE_HEADER = "x-nonce";

/**
 * The nonce from a request's headers: `request.headers` in a route handler, `await headers()`
 * in a server component. Undefined when the request did not come through server.ts (unit tests).
 */
export function scriptNonce(headers: { get(name: string): string | null }): string | undefined {
  return headers.get(NONCE_HEADER) || undefined;
}
