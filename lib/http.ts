import { isExpectedError } from "./errors.ts";

/** A plain-text answer a person can read (participants' browsers, bots, curl). */
export function textResponse(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** Maps any error to a response: expected ones with their message, the rest logged and generic. */
export function errorResponse(e: unknown, where: string): Response {
  if (isExpectedError(e)) return textResponse(e.status, e.message);
  console.error(`[sprout] ${where}:`, e);
  return textResponse(500, "Something went wrong on the server. Please try again; if it keeps happening, contact the research team.");
}

export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}
