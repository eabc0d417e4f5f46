import { RETRY_AFTER_S } from "./store/availability.ts";
import { t, type Locale } from "./i18n/index.ts";

// Small participant pages answered by route handlers (sessionwide link, rooms), where the
// HTTP status matters (423 full, 400 refused, 503 database away): plain HTML in the look of ParticipantFrame.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#fafaf9;color:#1c1917;margin:0}
main{max-width:42rem;margin:0 auto;padding:2.5rem 1rem}
article{background:#fff;border:1px solid #e7e5e4;border-radius:1rem;box-shadow:0 1px 2px rgb(0 0 0/.05);padding:1.5rem 1.5rem 2rem}
@media(min-width:640px){main{padding-top:4rem}article{padding:2.5rem}}
h1{font-size:1.5rem;font-weight:600;letter-spacing:-.01em;margin:0 0 1.5rem}
p{line-height:1.6;margin:0 0 1rem}
label{display:block;font-weight:500;margin-bottom:.25rem}
input[type=text]{font:inherit;width:100%;max-width:20rem;box-sizing:border-box;padding:.5rem .75rem;border:1px solid #d6d3d1;border-radius:.5rem}
input[type=text]:focus{outline:2px solid #047857;outline-offset:1px}
button{font:inherit;font-weight:500;margin-top:1rem;padding:.5rem 1.25rem;border:0;border-radius:.5rem;background:#047857;color:#fff;cursor:pointer}
button:hover{background:#065f46}button:focus-visible{outline:2px solid #047857;outline-offset:2px}
.quiet{background:#f5f5f4;color:#44403c}.quiet:hover{background:#e7e5e4}
.error{border:1px solid #fecaca;background:#fef2f2;color:#991b1b;border-radius:.5rem;padding:.75rem}
.note{font-size:.875rem;color:#57534e}
.pulse{display:inline-block;width:.6rem;height:.6rem;border-radius:50%;background:#10b981;margin-right:.5rem;animation:p 1.6s ease-in-out infinite}
@keyframes p{50%{opacity:.3}}@media(prefers-reduced-motion:reduce){.pulse{animation:none}}`;

/** A whole participant page; `body` is trusted HTML (escape what came from outside). */
export function participantPage(status: number, title: string, body: string, options: { locale?: Locale; state?: string; head?: string; headers?: Record<string, string> } = {}): Response {
  const html = `<!doctype html><html lang="${options.locale ?? "en"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style>${options.head ?? ""}</head>
<body><main><article data-state="${options.state ?? "info"}"><h1>${escapeHtml(title)}</h1>${body}</article></main></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...options.headers } });
}

/** A form's hidden inputs: every value of every field (a name posted more than once keeps them all). */
function hiddenInputs(fields: Record<string, string | string[]>): string {
  return Object.entries(fields)
    .flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`))
    .join("");
}

/**
 * HTTP 503 while the database is away (lib/store/availability.ts). A page load retries by
 * itself (no JavaScript needed); a form submission was not saved, so its page carries the
 * answers and sends them again with one press.
 */
export function awayPage(locale: Locale = "en", resend?: Resend): Response {
  return retryPage(locale, t(locale, "reconnecting.text"), t(locale, "reconnecting.resend"), resend);
}

/** HTTP 503 when more participants arrive than the server can take in at once (lib/participant-page/line.ts): the same, for a moment's overload. */
export function busyPage(locale: Locale, resend?: Resend): Response {
  return retryPage(locale, t(locale, "busy.text"), t(locale, "busy.resend"), resend);
}

/** A submission that was not saved, to send again: its address and its fields. */
type Resend = { action: string; fields: Record<string, string | string[]> };

function retryPage(locale: Locale, message: string, resendMessage: string, resend?: Resend): Response {
  const body = resend
    ? `<p>${escapeHtml(resendMessage)}</p>
<form method="post" action="${escapeHtml(resend.action)}">${hiddenInputs(resend.fields)}<button type="submit">${escapeHtml(t(locale, "retry.sendAgain"))}</button></form>`
    : `<p>${escapeHtml(message)}</p>`;
  return participantPage(503, t(locale, "reconnecting.title"), body, {
    locale,
    state: "reconnecting",
    head: resend ? "" : `<meta http-equiv="refresh" content="${RETRY_AFTER_S}">`,
    headers: { "retry-after": String(RETRY_AFTER_S) },
  });
}

/** An entry link without the parameters the study needs (lib/engine/recruitment/entry.ts entryProblem says which, in `locale`). */
export function incompleteLinkPage(locale: Locale, message: string): Response {
  return participantPage(400, t(locale, "incomplete.title"), `<p role="alert">${escapeHtml(message)}</p>`, { locale, state: "incomplete" });
}

/** HTTP 423: every place is taken. */
export function fullPage(locale: Locale): Response {
  return participantPage(423, t(locale, "full.title"), `<p>${escapeHtml(t(locale, "full.text"))}</p>`, { locale, state: "full" });
}

/**
 * ` nonce="…"` for a <script> tag: the Content-Security-Policy runs only scripts carrying this
 * request's nonce (lib/server/nonce.ts scriptNonce(request.headers)).
 */
export function nonceAttribute(nonce: string | undefined): string {
  return nonce ? ` nonce="${escapeHtml(nonce)}"` : "";
}

/**
 * A page that asks for a place by POST at once (a GET never takes one: link previews must not);
 * the button is for browsers without JavaScript. `nonce`: the request's script nonce.
 */
export function autoPostPage(action: string, fields: Record<string, string>, nonce: string | undefined, locale: Locale): Response {
  return participantPage(
    200,
    t(locale, "start.title"),
    `<form method="post" action="${escapeHtml(action)}" id="join">${hiddenInputs(fields)}<p>${escapeHtml(t(locale, "start.text"))}</p><button type="submit">${escapeHtml(t(locale, "form.start"))}</button></form><script${nonceAttribute(nonce)}>document.getElementById("join").requestSubmit()</script>`,
    { locale, state: "start" },
  );
}

/** A Set-Cookie value for a participant's cookie: HttpOnly, SameSite=Lax, and Secure when the page was served over https. */
export function participantCookie(name: string, value: string, options: { path: string; maxAgeS: number; secure: boolean }): string {
  return `${name}=${encodeURIComponent(value)}; Path=${options.path}; Max-Age=${options.maxAgeS}; HttpOnly; SameSite=Lax${options.secure ? "; Secure" : ""}`;
}

/** 303 to the player's page, with a cookie (for `path`) that lets this browser come back to it. */
export function toPlayerPage(sname: string, pname: string, cookie: { name: string; path: string; secure: boolean }): Response {
  return new Response(null, {
    status: 303,
    headers: {
      location: `/p/${encodeURIComponent(sname)}/${encodeURIComponent(pname)}/`,
      "cache-control": "no-store",
      "set-cookie": participantCookie(cookie.name, pname, { path: cookie.path, maxAgeS: 60 * 60 * 24 * 30, secure: cookie.secure }),
    },
  });
}
