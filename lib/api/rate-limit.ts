import { env } from "../env.ts";

// Requests per token per minute, counted in a fixed window in this process's memory. With
// several instances behind a load balancer each counts its own share, so the limit is per
// instance: it protects an instance from a runaway script, it is not an exact quota.

const WINDOW_MS = 60_000;

const windows = new Map<string, { start: number; count: number }>();

/** Counts one request; returns the seconds to wait when the token is over its limit, else null. */
export function overLimit(token: string, now = Date.now()): number | null {
  let w = windows.get(token);
  if (!w || now - w.start >= WINDOW_MS) {
    w = { start: now, count: 0 };
    windows.set(token, w);
  }
  w.count++;
  return w.count > env.SPROUT_API_RATE_LIMIT ? Math.ceil((w.start + WINDOW_MS - now) / 1000) : null;
}
