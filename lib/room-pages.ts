import { t, type Locale } from "./i18n/index.ts";
import { escapeHtml, nonceAttribute, participantPage } from "./participant-html.ts";

// A room link's own pages (app/room/[name]/route.ts): the access-code form and the waiting page,
// in the room's language.

/** Asks for the access code; `invalid`: the one given (shown again) is not valid for the room. `action`: the room's join address. */
export function labelForm(locale: Locale, action: string, ask: { label: string; invalid: boolean }): Response {
  const text = (key: "room.askCode" | "room.codeCharacters" | "form.continue") => escapeHtml(t(locale, key));
  const error = ask.invalid ? `<p class="error" role="alert" id="label-error">${escapeHtml(t(locale, "room.invalidCode", { label: ask.label }))}</p>` : "";
  return participantPage(
    ask.invalid ? 400 : 200,
    t(locale, "start.title"),
    `${error}<form method="post" action="${escapeHtml(action)}"><label for="label">${text("room.askCode")}</label>
<input type="text" id="label" name="label" required maxlength="128" pattern="[A-Za-z0-9._\\-]+" title="${text("room.codeCharacters")}" autocomplete="off" autocapitalize="off" spellcheck="false" autofocus value="${escapeHtml(ask.label)}" aria-describedby="${ask.invalid ? "label-error " : ""}label-note"${ask.invalid ? ' aria-invalid="true"' : ""}>
<p class="note" id="label-note">${text("room.codeCharacters")}</p><button type="submit">${text("form.continue")}</button></form>`,
    { locale, state: "label" },
  );
}

/**
 * Waits for the room to let participants in: the server tells this page over its socket
 * (room:start), and the page then joins by itself (a POST to `action`). "Check now" joins by hand.
 */
export function waitingPage(locale: Locale, action: string, room: string, label: string, nonce: string | undefined): Response {
  const config = JSON.stringify({ room, label }).replace(/</g, "\\u003c");
  // Texts the script sets, as JSON string literals (escaped for a <script>).
  const js = (key: "room.noLiveUpdates" | "room.reconnecting") => JSON.stringify(t(locale, key)).replace(/</g, "\\u003c");
  return participantPage(
    200,
    t(locale, "room.waitTitle"),
    `<p><span class="pulse" aria-hidden="true"></span>${escapeHtml(t(locale, "room.notStarted"))}</p>
<p><strong>${escapeHtml(t(locale, "room.keepOpen"))}</strong></p>
<p class="note" id="status" role="status" aria-live="polite"></p>
<form method="post" action="${escapeHtml(action)}" id="join"><input type="hidden" name="label" value="${escapeHtml(label)}"><button type="submit" class="quiet">${escapeHtml(t(locale, "room.checkNow"))}</button></form>
<script src="/socket.io/socket.io.min.js"${nonceAttribute(nonce)}></script>
<script${nonceAttribute(nonce)}>(function(){var c=${config};var status=document.getElementById("status");
if(typeof io!=="function"){status.textContent=${js("room.noLiveUpdates")};return}
var s=io("/room",{auth:c,transports:["websocket"]});
s.on("room:start",function(){s.close();document.getElementById("join").requestSubmit()});
s.on("connect",function(){status.textContent=""});
s.on("connect_error",function(){status.textContent=${js("room.reconnecting")}});})();</script>`,
    { locale, state: "waiting" },
  );
}
