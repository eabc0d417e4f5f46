import { claimSessionwideSlot } from "@/lib/engine/sessionwide";
import { errorResponse, seeOther } from "@/lib/http";
import { db, readDb } from "@/lib/store/db";

const cookieName = (sname: string) => `sprout-s-${sname}`;

/** The player name this browser was given before, if its cookie is readable. */
function returningPlayer(request: Request, sname: string): string | undefined {
  const raw = request.headers
    .get("cookie")
    ?.split(";")
    .map((c) => c.trim().split("="))
    .find(([k]) => k === cookieName(sname))?.[1];
  try {
    return raw ? decodeURIComponent(raw) : undefined;
  } catch {
    return undefined; // a mangled cookie is no cookie
  }
}

function fullPage(): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>No places left</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1c1917"><h1>No places left</h1><p>Every place in this study has been taken. If you think this is a mistake, please contact the research team.</p></body></html>`;
  return new Response(html, { status: 423, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

/** The sessionwide link: hands each new visitor a free player slot, and a returning one theirs. */
export async function GET(request: Request, { params }: { params: Promise<{ sname: string; secret: string }> }) {
  const { sname, secret } = await params;
  try {
    const outcome = await claimSessionwideSlot(db(), readDb(), sname, secret, returningPlayer(request, sname));
    if (outcome.kind === "full") return fullPage();
    const response = seeOther(`/p/${encodeURIComponent(sname)}/${encodeURIComponent(outcome.pname)}/`);
    response.headers.set("cache-control", "no-store");
    response.headers.append(
      "set-cookie",
      `${cookieName(sname)}=${encodeURIComponent(outcome.pname)}; Path=/s/${encodeURIComponent(sname)}/; Max-Age=${60 * 60 * 24 * 30}; HttpOnly; SameSite=Lax`,
    );
    return response;
  } catch (e) {
    return errorResponse(e, `GET /s/${sname}/`);
  }
}
