import { createRoot } from "react-dom/client";
import { connect } from "./connection";
import { hydrateIslands, unmountIslands } from "./islands";
import { Overlay } from "./overlay";
import { pageRoot, swapPage } from "./page-swap";
import { recordSignals } from "./quality";
import { submitInPlace } from "./submit-in-place";
import { isLocale } from "@/lib/i18n";

// The participant page's script (built by scripts/participant-assets.mjs): the live connection,
// the page swap on a push, the overlay, and the islands. The page itself is server-rendered HTML
// that works without it.

const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? "";

function start() {
  const root = pageRoot();
  const sname = root?.dataset.sname;
  const pname = root?.dataset.pname;
  if (!root || !sname || !pname) return;
  const position = () => {
    const at = pageRoot()?.dataset.position;
    return at ? Number(at) : undefined;
  };
  // Each fetch of the page takes a ticket: only the latest answer is shown (a push and a submit may cross).
  let latest = 0;
  const show = (ticket: number, html: string) => {
    if (ticket === latest && !swapPage(html, nonce, unmountIslands, (r) => hydrateIslands(r, connection))) location.reload();
  };
  const refresh = async () => {
    const ticket = ++latest;
    try {
      const res = await fetch(location.href, { cache: "no-store", credentials: "same-origin", headers: { accept: "text/html" } });
      show(ticket, await res.text());
    } catch {
      // Offline: the reconnect asks again.
    }
  };
  const connection = connect(sname, pname, position, () => void refresh());
  submitInPlace((ticket, html) => show(ticket, html), () => ++latest);
  recordSignals();
  hydrateIslands(root, connection);
  const overlay = document.getElementById("sprout-overlay");
  // The page's language, as the server chose it (lib/participant-page/document.tsx writes it on <html>).
  const lang = document.documentElement.lang;
  if (overlay) createRoot(overlay).render(<Overlay connection={connection} locale={isLocale(lang) ? lang : "en"} />);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
