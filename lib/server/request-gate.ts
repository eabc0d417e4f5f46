import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Requests answered before Next sees them (malformed paths, cross-site or oversized server
 * actions): true when `res` was answered here.
 */
export function refuseEarly(_req: IncomingMessage, _res: ServerResponse): boolean {
  return false;
}
