import type { IncomingMessage, ServerResponse } from "node:http";
import { log } from "../log.ts";

// Requests answered before Next sees them, where Next would answer 500: a path it cannot
// decode, and server actions it would refuse with a thrown error (cross-site, too large).

/** Next's default limit for a server action's body (experimental.serverActions.bodySizeLimit). */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;
/** Bodies up to this size are read and dropped, so the connection can carry the next request. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

function answer(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(`${message}\n`);
}

/** A server action call: the header React's client sends, or a multipart form posted to a page. */
function isServerAction(req: IncomingMessage): boolean {
  return req.method === "POST" && (typeof req.headers["next-action"] === "string" || /^multipart\/form-data/i.test(req.headers["content-type"] ?? ""));
}

/** The origin's host differs from the host the request was sent to (the same comparison Next makes, answered 403 instead of 500). */
function isCrossSite(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false; // not a browser's fetch: no cookies were sent on someone else's behalf
  const host = (req.headers["x-forwarded-host"] as string | undefined)?.split(",")[0]?.trim() ?? req.headers.host;
  try {
    return origin === "null" || new URL(origin).host !== host;
  } catch {
    return true;
  }
}

export function refuseEarly(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "/").split("?")[0]!;
  try {
    decodeURIComponent(path);
  } catch {
    log.warn({ url: req.url }, "refused a path with malformed percent-encoding");
    answer(res, 400, "This address is not valid: it has a malformed %-escape. Please check the link you were given.");
    return true;
  }
  if (!isServerAction(req)) return false;
  if (isCrossSite(req)) {
    log.warn({ url: req.url, origin: req.headers.origin }, "refused a cross-site server action");
    answer(res, 403, "Refused: this admin action was sent from another site.");
    return true;
  }
  const length = Number(req.headers["content-length"] ?? 0);
  if (length > SERVER_ACTION_BODY_LIMIT) {
    log.warn({ url: req.url, bytes: length }, "refused a server action body over the limit");
    const message = `This form is too large to send (${(length / 1024 / 1024).toFixed(1)} MB; the limit is 1 MB). Nothing was changed.`;
    if (length > DRAIN_LIMIT) {
      answer(res, 413, message, { connection: "close" });
      req.destroy();
    } else {
      // Read to the end first: answered mid-body, the rest would be taken for the next request.
      req.resume();
      req.once("end", () => answer(res, 413, message));
    }
    return true;
  }
  return false;
}
