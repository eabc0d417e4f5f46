import { checkEntry, joinRoom, newWaiterLabel, type JoinOutcome } from "@/lib/engine/room-join";
import { errorResponse, readCookie, readForm, seeOther } from "@/lib/http";
import { escapeHtml, fullPage, participantPage } from "@/lib/participant-html";
import { db, readDb } from "@/lib/store/db";

// A room's participant link, /room/<name>/ (optionally ?label=<access code>). A GET never
// takes a place (link previews must not): it shows the access-code form, the waiting page,
// or a page that asks to join by POST at once.

type Params = { params: Promise<{ name: string }> };

const roomPath = (room: string) => `/room/${encodeURIComponent(room)}/`;
const cookieName = (room: string) => `sprout-r-${room}`;

function labelForm(room: string, outcome: Extract<JoinOutcome, { kind: "ask-label" }>): Response {
  const error = outcome.invalid
    ? `<p class="error" role="alert" id="label-error">The access code “${escapeHtml(outcome.label)}” is not valid for this study. Please check it and try again.</p>`
    : "";
  return participantPage(
    outcome.invalid ? 400 : 200,
    "Welcome",
    `${error}<form method="post" action="${roomPath(room)}"><label for="label">Please enter your access code.</label>
<input type="text" id="label" name="label" required maxlength="128" pattern="[A-Za-z0-9._\\-]+" autocomplete="off" autocapitalize="off" spellcheck="false" autofocus value="${escapeHtml(outcome.label)}"${outcome.invalid ? ' aria-invalid="true" aria-describedby="label-error"' : ""}>
<p class="note">Letters, digits, “.”, “_” and “-”.</p><button type="submit">Continue</button></form>`,
    { state: "label" },
  );
}

/** Asks to join by POST at once (the button is for browsers without JavaScript). */
function joinPage(room: string, label: string): Response {
  return participantPage(
    200,
    "Welcome",
    `<form method="post" action="${roomPath(room)}" id="join"><input type="hidden" name="label" value="${escapeHtml(label)}"><p>Press Start to begin the study.</p><button type="submit">Start</button></form><script>document.getElementById("join").requestSubmit()</script>`,
    { state: "start" },
  );
}

/**
 * Waits for the room to let participants in: the server tells this page over its socket
 * (room:start), and the page then joins by itself. "Check now" joins by hand.
 */
function waitingPage(room: string, label: string): Response {
  const config = JSON.stringify({ room, label }).replace(/</g, "\\u003c");
  return participantPage(
    200,
    "Please wait",
    `<p><span class="pulse" aria-hidden="true"></span>The study has not started yet. This page will move on by itself as soon as it does.</p>
<p><strong>Keep this page open and watch it at all times.</strong></p>
<p class="note" id="status" role="status" aria-live="polite"></p>
<form method="post" action="${roomPath(room)}" id="join"><input type="hidden" name="label" value="${escapeHtml(label)}"><button type="submit" class="quiet">Check now</button></form>
<script src="/socket.io/socket.io.min.js"></script>
<script>(function(){var c=${config};var status=document.getElementById("status");
if(typeof io!=="function"){status.textContent="Live updates are unavailable: press Check now from time to time.";return}
var s=io("/room",{auth:c});
s.on("room:start",function(){s.close();document.getElementById("join").requestSubmit()});
s.on("connect",function(){status.textContent=""});
s.on("connect_error",function(){status.textContent="Reconnecting… If this lasts, press Check now."});})();</script>`,
    { state: "waiting" },
  );
}

function toPlayer(room: string, sname: string, pname: string): Response {
  const response = seeOther(`/p/${encodeURIComponent(sname)}/${encodeURIComponent(pname)}/`);
  response.headers.set("cache-control", "no-store");
  // Lets a participant who entered without a label come back to the same place.
  response.headers.append("set-cookie", `${cookieName(room)}=${encodeURIComponent(pname)}; Path=${roomPath(room)}; Max-Age=${60 * 60 * 24 * 30}; HttpOnly; SameSite=Lax`);
  return response;
}

export async function GET(request: Request, { params }: Params) {
  const { name } = await params;
  try {
    const query = new URL(request.url).searchParams;
    const entry = await checkEntry(readDb(), name, query.get("label") ?? "");
    if ("kind" in entry) return entry.kind === "ask-label" ? labelForm(name, entry) : fullPage();
    if (query.has("wait")) {
      // A room without access codes gives each waiter a label of their own (kept in the address).
      if (entry.label === "") return seeOther(`${roomPath(name)}?label=${newWaiterLabel()}&wait`);
      return waitingPage(name, entry.label);
    }
    return joinPage(name, entry.label);
  } catch (e) {
    return errorResponse(e, `GET /room/${name}/`);
  }
}

export async function POST(request: Request, { params }: Params) {
  const { name } = await params;
  try {
    const form = await readForm(request);
    if (form instanceof Response) return form;
    const outcome = await joinRoom(db(), readDb(), name, form.get("label") ?? "", readCookie(request.headers.get("cookie"), cookieName(name)));
    switch (outcome.kind) {
      case "player":
        return toPlayer(name, outcome.sname, outcome.pname);
      case "ask-label":
        return labelForm(name, outcome);
      case "wait":
        return seeOther(`${roomPath(name)}?label=${encodeURIComponent(outcome.label)}&wait`);
      case "full":
        return fullPage();
    }
  } catch (e) {
    return errorResponse(e, `POST /room/${name}/`);
  }
}
