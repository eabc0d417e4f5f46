import { pageRoot } from "./page-swap";

// The data-quality signals of each page visit (docs/data-quality.md): measured here, summed up,
// and sent with the form as one hidden field (lib/engine/quality/signals.ts reads it; the
// server's checks never depend on it). Nothing typed or pasted is kept: pastes are counted
// with their length, typing with its count and mean pace. A page whose config switched the
// signals off says so (data-signals="off") and gets nothing measured or sent.

const FIELD = "_sprout_signals";

type Control = HTMLInputElement | HTMLTextAreaElement;

interface Visit {
  /** "app/Page@position" of the form: a new key is a new visit (the same key survives an invalid submit's re-render) */
  key: string | null;
  shownAt: number;
  firstInputAt: number | null;
  paste: Record<string, { count: number; chars: number }>;
  away: { count: number; ms: number; since: number | null };
  typing: Record<string, { typed: number; lastAt: number | null; gaps: number; gapMs: number }>;
}

const formOf = (root: ParentNode | null) => root?.querySelector<HTMLFormElement>("form[data-page]") ?? root?.querySelector<HTMLFormElement>("form[method=post]") ?? null;

function visitKey(): string | null {
  const form = formOf(pageRoot());
  if (!form) return null;
  return `${form.getAttribute("data-page") ?? ""}@${(form.querySelector('input[name="_position"]') as HTMLInputElement | null)?.value ?? ""}`;
}

const textControl = (target: EventTarget | null): Control | null =>
  (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && !["radio", "checkbox", "range", "hidden", "submit", "button"].includes(target.type))) && target.name && !target.name.startsWith("_") ? target : null;

function primaryPointer(): "mouse" | "touch" | "none" {
  if (matchMedia("(pointer: coarse)").matches) return "touch";
  if (matchMedia("(pointer: fine)").matches) return "mouse";
  return "none";
}

/** Starts measuring; one listener of each kind for the whole document, across page swaps. */
export function recordSignals() {
  const now = () => performance.now();
  const fresh = (key: string | null): Visit => ({ key, shownAt: now(), firstInputAt: null, paste: {}, away: { count: 0, ms: 0, since: null }, typing: {} });
  let visit = fresh(visitKey());
  let pointer: "mouse" | "touch" | "pen" | "none" = primaryPointer();
  let blurred = false;
  let hidden = document.visibilityState === "hidden";
  const off = () => pageRoot()?.dataset.signals === "off";
  /** The visit of the page shown now (a swapped-in page starts a new one). */
  const current = () => {
    const key = visitKey();
    if (key !== visit.key) {
      const wasAway = visit.away.since !== null;
      visit = fresh(key);
      if (wasAway) visit.away = { count: 0, ms: 0, since: now() };
    }
    return visit;
  };
  // A page swapped in by a push or a submit: its visit starts when it is shown.
  new MutationObserver(() => void current()).observe(document.body, { childList: true, subtree: true });

  const firstInput = () => {
    const v = current();
    v.firstInputAt ??= now();
  };
  /** Leaving the page (another tab, another window) begins an absence; coming back ends it. */
  const awayChanged = () => {
    const v = current();
    const away = blurred || hidden;
    if (away && v.away.since === null) {
      v.away.count++;
      v.away.since = now();
    } else if (!away && v.away.since !== null) {
      v.away.ms += now() - v.away.since;
      v.away.since = null;
    }
  };
  window.addEventListener("blur", (e) => {
    if (e.target !== window) return;
    blurred = true;
    awayChanged();
  });
  window.addEventListener("focus", (e) => {
    if (e.target !== window) return;
    blurred = false;
    awayChanged();
  });
  document.addEventListener("visibilitychange", () => {
    hidden = document.visibilityState === "hidden";
    awayChanged();
  });
  document.addEventListener("pointerdown", (e) => {
    if (e.pointerType === "mouse" || e.pointerType === "touch" || e.pointerType === "pen") pointer = e.pointerType;
  }, { capture: true });
  document.addEventListener("paste", (e) => {
    const control = textControl(e.target);
    if (!control) return;
    firstInput();
    const p = (current().paste[control.name] ??= { count: 0, chars: 0 });
    p.count++;
    // Only its length: the pasted text itself is never read further.
    p.chars += e.clipboardData?.getData("text/plain").length ?? 0;
  }, { capture: true });
  document.addEventListener("input", (e) => {
    firstInput();
    const control = textControl(e.target);
    if (!control || !(e instanceof InputEvent) || e.inputType !== "insertText") return;
    const t = (current().typing[control.name] ??= { typed: 0, lastAt: null, gaps: 0, gapMs: 0 });
    const at = now();
    t.typed += e.data?.length ?? 1;
    if (t.lastAt !== null) {
      t.gaps++;
      t.gapMs += at - t.lastAt;
    }
    t.lastAt = at;
  }, { capture: true });
  document.addEventListener("change", firstInput, { capture: true });

  // Before submit-in-place.ts reads the form (a capture listener runs first): the visit's summary as a hidden field.
  // The countdown's own submit at zero fires no submit event; it announces itself with sprout:before-submit.
  const addSummary = (e: Event) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || form.method !== "post" || !pageRoot()?.contains(form) || off()) return;
    const v = current();
    const at = now();
    const finals = new Map<string, number>();
    for (const c of form.querySelectorAll<Control>("input[name], textarea[name]")) if (textControl(c)) finals.set(c.name, (finals.get(c.name) ?? 0) + c.value.length);
    const summary = {
      ms: Math.round(at - v.shownAt),
      firstInputMs: v.firstInputAt === null ? null : Math.round(v.firstInputAt - v.shownAt),
      paste: v.paste,
      hidden: { count: v.away.count, ms: Math.round(v.away.ms + (v.away.since === null ? 0 : at - v.away.since)) },
      typing: Object.fromEntries(Object.entries(v.typing).map(([name, t]) => [name, { typed: t.typed, final: finals.get(name) ?? 0, meanKeyMs: t.gaps > 0 ? Math.round(t.gapMs / t.gaps) : null }])),
      window: { width: window.innerWidth, height: window.innerHeight },
      pointer,
      device: { screen: `${screen.width}x${screen.height}`, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? "" },
    };
    let input = form.querySelector<HTMLInputElement>(`input[name="${FIELD}"]`);
    if (!input) {
      input = Object.assign(document.createElement("input"), { type: "hidden", name: FIELD });
      form.append(input);
    }
    input.value = JSON.stringify(summary);
  };
  document.addEventListener("submit", addSummary, { capture: true });
  document.addEventListener("sprout:before-submit", addSummary, { capture: true });
}
