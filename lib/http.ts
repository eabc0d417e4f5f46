import { isExpectedError } from "./errors.ts";
import { awayPage } from "./participant-html.ts";
import type { Locale } from "./i18n/index.ts";
import { databaseAwayIn } from "./store/availability.ts";
import { log } from "./log.ts";

/** The largest form a participant may post; pages ask for text, not files. */
export const MAX_FORM_BYTES = 1_000_000;

/** A plain-text answer a person can read (participants' browsers, bots, curl). */
export function textResponse(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });
}

/** Prisma's "could not start or finish the transaction in time", SQLite's busy, a full pool: the server is overloaded, not broken. */
function isBusy(e: unknown): boolean {
  const err = e as { code?: string; message?: string; cause?: { code?: string } };
  // pg-pool's "timeout exceeded when trying to connect": every pooled connection is in use (a
  // database that is away is told apart by the probe, and answered by databaseAwayIn first).
  return err?.code === "P2028" || err?.code === "P2024" || err?.code === "SQLITE_BUSY" || err?.cause?.code === "SQLITE_BUSY" || /SQLITE_BUSY|database is locked|timeout exceeded when trying to connect/.test(err?.message ?? "");
}

/** Maps any error to a response: expected ones with their message, the rest logged and generic. `locale`: the language of the "please wait" page while the database is away. */
export function errorResponse(e: unknown, where: string, locale: Locale = "en"): Response {
  if (isExpectedError(e)) return textResponse(e.status, e.message);
  if (databaseAwayIn(e)) {
    log.warn({ where, err: (e as Error).message?.split("\n")[0] }, "the database is away");
    return awayPage(locale);
  }
  if (isBusy(e)) {
    log.warn({ where, err: (e as Error).message?.split("\n")[0] }, "busy: answered 503");
    return textResponse(503, "The server is very busy. Please try again in a moment; nothing was saved.", { "retry-after": "2" });
  }
  log.error({ where, err: e }, "request failed");
  return textResponse(500, "Something went wrong on the server. Please try again; if it keeps happening, contact the research team.");
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * A route's answer to the methods it does not take: 405 saying which it does (Next's own 405
 * has an empty body). A route file exports the ones it lacks: `export const { PUT, PATCH, DELETE } = onlyAllows("GET", "POST")`.
 */
export function onlyAllows(...allowed: Method[]): Record<Method, () => Response> {
  const refuse = () => textResponse(405, `This address accepts ${allowed.join(" and ")} requests only.`, { allow: [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : [])].join(", ") });
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse };
}

export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}

/** Reads a posted form, at most MAX_FORM_BYTES; a clear 4xx response otherwise. */
export async function readForm(request: Request): Promise<FormData | Response> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FORM_BYTES) return textResponse(413, "This form is too large to be sent.");
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(type)) {
    return textResponse(400, "Expected a form submission (application/x-www-form-urlencoded or multipart/form-data).");
  }
  // Counted as it arrives too: a body without Content-Length (chunked) cannot slip past the cap.
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FORM_BYTES) {
      await reader.cancel();
      // The rest of the body stays unread, so this connection cannot carry another request.
      return textResponse(413, "This form is too large to be sent.", { connection: "close" });
    }
    chunks.push(value);
  }
  try {
    return await new Response(Buffer.concat(chunks), { headers: { "content-type": type } }).formData();
  } catch {
    return textResponse(400, "This form could not be read. Please reload the page and try again.");
  }
}

/** A cookie's decoded value from a Cookie header; undefined when absent or not decodable. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined; // a mangled cookie is no cookie
    }
  }
  return undefined;
}

/** Whether an Origin header names this host (a page of this site sent the request). */
export function originIsHost(origin: string | null | undefined, host: string | null | undefined): boolean {
  return !!origin && !!host && URL.canParse(origin) && new URL(origin).host === host;
}

/**
 * True unless the browser says the request came from another site (Sec-Fetch-Site, or an
 * Origin whose host differs). For form posts that must not be triggered from elsewhere.
 */
export function fromThisSite(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return origin === null;
  return originIsHost(origin, request.headers.get("host"));
}
