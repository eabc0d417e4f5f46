import { claimSessionwideSlot, sessionwideReturn } from "@/lib/engine/sessionwide";
import { errorResponse, readCookie, seeOther } from "@/lib/http";
import { fullPage, participantPage } from "@/lib/participant-html";
import { db, readDb } from "@/lib/store/db";

type Params = { params: Promise<{ sname: string; secret: string }> };

const cookieName = (sname: string) => `sprout-s-${sname}`;

function toPlayer(sname: string, pname: string): Response {
  const response = seeOther(`/p/${encodeURIComponent(sname)}/${encodeURIComponent(pname)}/`);
  response.headers.set("cache-control", "no-store");
  response.headers.append("set-cookie", `${cookieName(sname)}=${encodeURIComponent(pname)}; Path=/s/${encodeURIComponent(sname)}/; Max-Age=${60 * 60 * 24 * 30}; HttpOnly; SameSite=Lax`);
  return response;
}

/**
 * Opening the sessionwide link: a returning visitor goes straight back to their slot; a new
 * one gets a page that asks for a slot by POST (sent at once by the browser). A GET never
 * takes a slot, so link previews and scanners cannot use up the session's places.
 */
export async function GET(request: Request, { params }: Params) {
  const { sname, secret } = await params;
  try {
    const mine = await sessionwideReturn(readDb(), sname, secret, readCookie(request.headers.get("cookie"), cookieName(sname)));
    if (mine) return toPlayer(sname, mine);
    return participantPage(
      200,
      "Welcome",
      `<form method="post" id="claim"><p>Press Start to begin the study.</p><button type="submit">Start</button></form><script>document.getElementById("claim").requestSubmit()</script>`,
      { state: "start" },
    );
  } catch (e) {
    return errorResponse(e, `GET /s/${sname}/`);
  }
}

/** Takes the next free slot (or the visitor's own again) and sends the visitor there. */
export async function POST(request: Request, { params }: Params) {
  const { sname, secret } = await params;
  try {
    const outcome = await claimSessionwideSlot(db(), readDb(), sname, secret, readCookie(request.headers.get("cookie"), cookieName(sname)));
    if (outcome.kind === "full") return fullPage();
    return toPlayer(sname, outcome.pname);
  } catch (e) {
    return errorResponse(e, `POST /s/${sname}/`);
  }
}
