import { servedOverHttps } from "@/lib/auth/request-peer";
import { claimSessionwideSlot, sessionwideEntry, sessionwideReturn } from "@/lib/engine/rooms/sessionwide";
import { entryProblem, entryQuery } from "@/lib/engine/recruitment/entry";
import { errorResponse, onlyAllows, readCookie } from "@/lib/http";
import { autoPostPage, fullPage, incompleteLinkPage, toPlayerPage } from "@/lib/participant-html";
import { scriptNonce } from "@/lib/server/nonce";
import { db, readDb } from "@/lib/store/db";
import { sessionConfigName } from "@/lib/engine/rooms/link-config";
import { participantLocale } from "@/lib/project";
import type { Locale } from "@/lib/i18n";

/** The language of the link's pages: its session's config's. */
async function linkLocale(request: Request, sname: string): Promise<Locale> {
  return participantLocale(await sessionConfigName(readDb(), sname), request.headers.get("accept-language"));
}

type Params = { params: Promise<{ sname: string; secret: string }> };

const cookieName = (sname: string) => `sprout-s-${sname}`;

const toPlayer = (request: Request, sname: string, pname: string) =>
  toPlayerPage(sname, pname, { name: cookieName(sname), path: `/s/${encodeURIComponent(sname)}/`, secure: servedOverHttps(request.headers) });

/**
 * Opening the sessionwide link: a returning visitor goes straight back to their slot; a new
 * one gets a page that asks for a slot by POST (sent at once by the browser). A GET never
 * takes a slot, so link previews and scanners cannot use up the session's places.
 */
export async function GET(request: Request, { params }: Params) {
  const { sname, secret } = await params;
  try {
    const mine = await sessionwideReturn(readDb(), sname, secret, readCookie(request.headers.get("cookie"), cookieName(sname)));
    if (mine) return toPlayer(request, sname, mine);
    const url = new URL(request.url);
    const entry = await sessionwideEntry(readDb(), sname, secret, entryQuery(url.searchParams));
    const locale = await linkLocale(request, sname);
    if (!entry.ok) return incompleteLinkPage(locale, entryProblem(entry, locale));
    // The POST carries the link's parameters in its own URL (the config keeps some of them).
    return autoPostPage(url.pathname + url.search, {}, scriptNonce(request.headers), locale);
  } catch (e) {
    return errorResponse(e, `GET /s/${sname}/`, participantLocale(null, request.headers.get("accept-language")));
  }
}

/** Takes the next free slot (or the visitor's own again) and sends the visitor there. */
export async function POST(request: Request, { params }: Params) {
  const { sname, secret } = await params;
  try {
    const query = entryQuery(new URL(request.url).searchParams);
    const outcome = await claimSessionwideSlot(db(), readDb(), sname, secret, readCookie(request.headers.get("cookie"), cookieName(sname)), query);
    if (outcome.kind === "full") return fullPage(await linkLocale(request, sname));
    if (outcome.kind === "incomplete") {
      const locale = await linkLocale(request, sname);
      return incompleteLinkPage(locale, entryProblem(outcome, locale));
    }
    return toPlayer(request, sname, outcome.pname);
  } catch (e) {
    return errorResponse(e, `POST /s/${sname}/`, participantLocale(null, request.headers.get("accept-language")));
  }
}

export const { PUT, PATCH, DELETE } = onlyAllows("GET", "POST");
