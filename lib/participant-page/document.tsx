import { renderToString } from "react-dom/server";
import { escapeHtml } from "@/lib/participant-html";
import { RenderFailedPage } from "@/components/participant/current-page";
import { LiveContext, offlineLive } from "@/lib/experiment/client";
import { log } from "@/lib/log";
import { t, type Locale } from "@/lib/i18n";
import type { ParticipantAssets } from "./assets";
import type { PageAnswer } from "./view";

/** The id of the element the browser swaps when the page changes (components/participant/client/page-swap.ts). */
export const PAGE_ROOT_ID = "sprout-root";

/** Islands render on the server as before the connection is made: offline, live calls not yet possible. */
const notYetConnected = (locale: Locale) => offlineLive(t(locale, "live.notConnected"));

const attr = (name: string, value: string | number | undefined) => (value === undefined ? "" : ` ${name}="${escapeHtml(String(value))}"`);

/**
 * The whole HTML document of a participant page: React renders the content in one synchronous
 * pass (no app router, no RSC payload), the interactive parts are islands the small client
 * bundle hydrates, and the bundle's script carries the request's CSP nonce.
 */
export function participantDocument(answer: PageAnswer, ids: { sname: string; pname: string }, assets: ParticipantAssets, nonce: string | undefined): string {
  let content: string;
  try {
    content = renderToString(<LiveContext.Provider value={notYetConnected(answer.locale)}>{answer.content}</LiveContext.Provider>);
  } catch (e) {
    // A component that throws while rendering (an island given a function, a bug in an app's markup).
    log.error({ err: e, ...ids }, "participant page render failed");
    content = renderToString(<RenderFailedPage locale={answer.locale} />);
  }
  const live = answer.live;
  const root = `<div id="${PAGE_ROOT_ID}"${live ? `${attr("data-sname", ids.sname)}${attr("data-pname", ids.pname)}${attr("data-position", live.position)}${attr("data-signals", live.signals === false ? "off" : undefined)}` : ""}>${content}</div>`;
  return (
    `<!DOCTYPE html><html lang="${answer.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    // A participant's link is their credential: no search engine lists it (nor follows its links).
    `<meta name="robots" content="noindex, nofollow"><title>${escapeHtml(answer.title)}</title>` +
    `<link rel="icon" href="/icon.svg" type="image/svg+xml"><link rel="stylesheet" href="${assets.css}">` +
    (live ? `<script src="${assets.js}" defer${attr("nonce", nonce)}></script>` : "") +
    `</head><body class="min-h-screen bg-stone-50 font-sans text-stone-900 antialiased">${root}<div id="sprout-overlay"></div></body></html>`
  );
}
