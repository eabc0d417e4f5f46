import { createRoot } from "react-dom/client";
import { connect } from "./connection";
import { hydrateIslands, unmountIslands } from "./islands";
import { Overlay } from "./overlay";
import { pageRoot, swapPage } from "./page-swap";

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
  let latest = 0;
  const refresh = async () => {
    const ticket = ++latest;
    try {
      const res = await fetch(location.href, { cache: "no-store", credentials: "same-origin", headers: { accept: "text/html" } });
      const html = await res.text();
      // A newer push already asked again: its answer wins.
      if (ticket !== latest) return;
      if (!swapPage(html, nonce, unmountIslands, (r) => hydrateIslands(r, connection))) location.reload();
    } catch {
      // Offline: the reconnect asks again.
    }
  };
  const connection = connect(sname, pname, position, () => void refresh());
  hydrateIslands(root, connection);
  const overlay = document.getElementById("sprout-overlay");
  if (overlay) createRoot(overlay).render(<Overlay connection={connection} />);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
