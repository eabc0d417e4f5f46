import { servedOverHttps } from "@/lib/auth/request-peer";
import { entryProblem, entryQuery } from "@/lib/engine/recruitment/entry";
import { checkEntry, entryLabel, joinRoom, newWaiterLabel, roomEntry } from "@/lib/engine/rooms/join";
import { returningPlayer } from "@/lib/engine/rooms/slots";
import { readLabel } from "@/lib/experiment/room-labels";
import { errorResponse, onlyAllows, readCookie, readForm, seeOther } from "@/lib/http";
import { autoPostPage, fullPage, incompleteLinkPage, participantCookie, toPlayerPage } from "@/lib/participant-html";
import { labelForm, waitingPage } from "@/lib/room-pages";
import { roomConfigName } from "@/lib/engine/rooms/link-config";
import type { Locale } from "@/lib/i18n";
import { participantLocale } from "@/lib/project";
import { scriptNonce } from "@/lib/server/nonce";
import { db, readDb } from "@/lib/store/db";

// A room's participant link, /room/<name>/ (optionally ?label=<access code>). A GET never
// takes a place (link previews must not): it shows the access-code form, the waiting page,
// or a page that asks to join by POST at once.

type Params = { params: Promise<{ name: string }> };

const roomPath = (room: string) => `/room/${encodeURIComponent(room)}/`;

/** The link's other parameters (recruitment IDs the config may keep), carried through the join's POST and the waiting page as "&a=b…". */
function carried(url: URL): string {
  const rest = new URLSearchParams([...url.searchParams].filter(([name]) => name !== "label" && name !== "wait"));
  return rest.size > 0 ? `&${rest}` : "";
}
/** The room's path with the carried parameters. */
const joinPath = (room: string, carry: string) => (carry ? `${roomPath(room)}?${carry.slice(1)}` : roomPath(room));
/** names the player this browser got in the room, to come back without a label */
const playerCookie = (room: string) => `sprout-r-${room}`;
/** the label a browser waits under in a room without labels: one per browser, however many tabs */
const waiterCookie = (room: string) => `sprout-w-${room}`;

/** The language of a room's pages: its config's (see roomConfigName), or the browser's where that follows the browser. */
async function roomLocale(request: Request, room: string): Promise<Locale> {
  return participantLocale(await roomConfigName(readDb(), room), request.headers.get("accept-language"));
}

const toPlayer = (request: Request, room: string, sname: string, pname: string) =>
  toPlayerPage(sname, pname, { name: playerCookie(room), path: roomPath(room), secure: servedOverHttps(request.headers) });

/** 303 to the waiting page; a browser waiting without a label gets its own (kept in a cookie, so its tabs share it). */
function toWaiting(request: Request, room: string, label: string, carry: string): Response {
  if (label) return seeOther(`${roomPath(room)}?label=${encodeURIComponent(label)}&wait${carry}`);
  const kept = readLabel(readCookie(request.headers.get("cookie"), waiterCookie(room)) ?? "");
  const mine = kept || newWaiterLabel();
  const response = seeOther(`${roomPath(room)}?label=${mine}&wait${carry}`);
  response.headers.append("set-cookie", participantCookie(waiterCookie(room), mine, { path: roomPath(room), maxAgeS: 60 * 60 * 24, secure: servedOverHttps(request.headers) }));
  return response;
}

export async function GET(request: Request, { params }: Params) {
  const { name } = await params;
  try {
    const url = new URL(request.url);
    const query = url.searchParams;
    const carry = carried(url);
    const nonce = scriptNonce(request.headers);
    const locale = await roomLocale(request, name);
    const params = await roomEntry(readDb(), name, entryQuery(query));
    if (!params.ok) return incompleteLinkPage(locale, entryProblem(params, locale));
    const entry = await checkEntry(readDb(), name, entryLabel(query.get("label") ?? "", params));
    if ("kind" in entry) return entry.kind === "ask-label" ? labelForm(locale, joinPath(name, carry), entry) : fullPage(locale);
    if (!query.has("wait")) return autoPostPage(joinPath(name, carry), { label: entry.label }, nonce, locale);
    if (entry.label === "") return toWaiting(request, name, "", carry);
    // Someone already in (Back from their page into the waiting page) goes in again, not waits.
    if (await returningPlayer(readDb(), name, entry.label, readCookie(request.headers.get("cookie"), playerCookie(name)))) return autoPostPage(joinPath(name, carry), { label: entry.label }, nonce, locale);
    return waitingPage(locale, joinPath(name, carry), name, entry.label, nonce);
  } catch (e) {
    return errorResponse(e, `GET /room/${name}/`, participantLocale(null, request.headers.get("accept-language")));
  }
}

export async function POST(request: Request, { params }: Params) {
  const { name } = await params;
  try {
    const form = await readForm(request);
    if (form instanceof Response) return form;
    const url = new URL(request.url);
    const carry = carried(url);
    const outcome = await joinRoom(db(), readDb(), name, form.get("label") ?? "", readCookie(request.headers.get("cookie"), playerCookie(name)), entryQuery(url.searchParams));
    switch (outcome.kind) {
      case "player":
        return toPlayer(request, name, outcome.sname, outcome.pname);
      case "ask-label":
        return labelForm(await roomLocale(request, name), joinPath(name, carry), outcome);
      case "wait":
        return toWaiting(request, name, outcome.label, carry);
      case "full":
        return fullPage(await roomLocale(request, name));
      case "incomplete": {
        const locale = await roomLocale(request, name);
        return incompleteLinkPage(locale, entryProblem(outcome, locale));
      }
    }
  } catch (e) {
    return errorResponse(e, `POST /room/${name}/`, participantLocale(null, request.headers.get("accept-language")));
  }
}

export const { PUT, PATCH, DELETE } = onlyAllows("GET", "POST");
