import type http from "node:http";
import { Readable } from "node:stream";
import { env } from "@/lib/env";
import { textResponse } from "@/lib/http";
import { busyPage } from "@/lib/participant-html";
import { NONCE_HEADER } from "@/lib/server/nonce";
import { participantAssets, serveAsset, ASSETS_PREFIX } from "./assets";
import { participantDocument } from "./document";
import { Line } from "./line";
import { readSubmission, submitResponse } from "./submit";
import { notFound, participantPage } from "./view";
import { participantLocale } from "@/lib/project";
import { t } from "@/lib/i18n";

// The participant's hot path, served by server.ts itself rather than by Next: the page (GET),
// its form's POST, and the page's script and stylesheet. Rendering a participant page here costs
// a fraction of an app-router page (README, "Speed"; docs/architecture.md, "A participant's
// submit"); admin pages stay Next server components.

const line = new Line(env.SPROUT_PARTICIPANT_CONCURRENCY, env.SPROUT_PARTICIPANT_QUEUE);

const PAGE = /^\/p\/([^/]+)\/([^/]+)\/(submit\/)?$/;

/** The request as the web's Request, for the shared form reading (bodies only where there is one). */
function webRequest(req: http.IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, { method: req.method, headers, ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}) } as RequestInit);
}

async function send(res: http.ServerResponse, response: Response, head: boolean) {
  const body = head ? null : Buffer.from(await response.arrayBuffer());
  response.headers.forEach((value, name) => res.setHeader(name, value));
  // A body left unread (a form refused for its declared size) cannot be followed by another
  // request on this connection: it closes after the answer.
  if (!res.req.complete) res.setHeader("connection", "close");
  res.writeHead(response.status);
  res.end(body);
}

function sendHtml(res: http.ServerResponse, status: number, html: string, head: boolean) {
  const body = Buffer.from(html);
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": body.length, "cache-control": "no-store" });
  res.end(head ? undefined : body);
}

const decode = (part: string) => {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
};

/**
 * Answers the participant's paths (/p/<session>/<player>/, its submit/, the assets); false for
 * any other path, which goes on to Next.
 */
export async function participantRoute(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  const raw = req.url ?? "/";
  if (!raw.startsWith("/p/") && !raw.startsWith(ASSETS_PREFIX)) return false;
  const url = new URL(raw, "http://participant.invalid");
  const head = req.method === "HEAD";
  if (url.pathname.startsWith(ASSETS_PREFIX)) {
    if ((req.method === "GET" || head) && serveAsset(req, res, url.pathname)) return true;
    return false;
  }
  const acceptLanguage = req.headers["accept-language"] ?? null;
  const match = PAGE.exec(url.pathname);
  if (!match) {
    // As Next does with trailingSlash: /p/s/p → /p/s/p/ (the form's relative action needs it).
    if (/^\/p\/[^/]+\/[^/]+(\/submit)?$/.test(url.pathname)) {
      res.writeHead(308, { location: `${url.pathname}/${url.search}` });
      res.end();
      return true;
    }
    sendHtml(res, 404, participantDocument(notFound(acceptLanguage), { sname: "", pname: "" }, participantAssets(), undefined), head);
    return true;
  }
  const [sname, pname] = [decode(match[1]!), decode(match[2]!)];
  const submit = match[3] !== undefined;
  const allowed = submit ? "POST" : "GET";
  if (sname === null || pname === null) {
    await send(res, textResponse(400, t(participantLocale(null, acceptLanguage), "notFound.badAddress")), head);
    return true;
  }
  if (submit ? req.method !== "POST" : req.method !== "GET" && !head) {
    await send(res, textResponse(405, `This address accepts ${allowed} requests only.`, { allow: submit ? "POST" : "GET, HEAD" }), head);
    return true;
  }
  const request = () => webRequest(req, new URL(raw, `http://${req.headers.host ?? "localhost"}`));
  if (!(await line.enter())) {
    // Overloaded beyond the line: answered at once, with a page that tries again by itself
    // (or, for a form, that sends the answers again: nothing was saved).
    const submission = submit ? await readSubmission(request()) : undefined;
    if (submission instanceof Response) await send(res, submission, head);
    // No database read while overloaded: the project's language (or the browser's), not the session's.
    else await send(res, busyPage(participantLocale(null, acceptLanguage), submission && { action: url.pathname, fields: { ...submission.fields } }), head);
    return true;
  }
  try {
    if (submit) {
      await send(res, await submitResponse(request(), sname, pname), false);
    } else {
      const nonce = String(req.headers[NONCE_HEADER] ?? "") || undefined;
      const answer = await participantPage(sname, pname, url.searchParams, nonce, acceptLanguage);
      sendHtml(res, answer.status, participantDocument(answer, { sname, pname }, participantAssets(), nonce), head);
    }
  } finally {
    line.leave();
  }
  return true;
}
