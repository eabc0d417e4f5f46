import { claimSessionwideSlot, sessionwideReturn } from "@/lib/engine/sessionwide";
import { errorResponse, readCookie, seeOther } from "@/lib/http";
import { db, readDb } from "@/lib/store/db";

type Params = { params: Promise<{ sname: string; secret: string }> };

const cookieName = (sname: string) => `sprout-s-${sname}`;

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1c1917"><h1>${title}</h1>${body}</body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

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
    return page(
      200,
      "Welcome",
      `<form method="post" id="claim"><p>Press Start to begin the study.</p><button type="submit" style="font-size:1rem;padding:.5rem 1.25rem">Start</button></form><script>document.getElementById("claim").requestSubmit()</script>`,
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
    if (outcome.kind === "full") return page(423, "No places left", "<p>Every place in this study has been taken. If you think this is a mistake, please contact the research team.</p>");
    return toPlayer(sname, outcome.pname);
  } catch (e) {
    return errorResponse(e, `POST /s/${sname}/`);
  }
}
