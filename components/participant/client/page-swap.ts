// A push says the page changed (a move, an admin's edit, a wait ending): the page is fetched
// again and its content swapped in place, without a reload (no flash, the connection stays).
// What the participant typed into the same form survives the swap, and so does the focus.

/** The page's content root (lib/participant-page/document.tsx writes it). */
export const pageRoot = () => document.getElementById("sprout-root");

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** The same page visit: the same form (page and position) before and after. */
const formKey = (root: ParentNode) => {
  const form = root.querySelector("form[data-page]");
  return form ? `${form.getAttribute("data-page")}@${(form.querySelector('input[name="_position"]') as HTMLInputElement | null)?.value}` : null;
};

const controlKey = (c: Control, i: number) => `${c.name}\0${c instanceof HTMLInputElement && (c.type === "radio" || c.type === "checkbox") ? c.value : i}`;

function controls(root: ParentNode): Map<string, Control> {
  const seen = new Map<string, number>();
  const out = new Map<string, Control>();
  for (const c of root.querySelectorAll<Control>("input[name], textarea[name], select[name]")) {
    const i = seen.get(c.name) ?? 0;
    seen.set(c.name, i + 1);
    out.set(controlKey(c, i), c);
  }
  return out;
}

/** Copies what the participant changed in the old form onto the new one (same page visit only). */
function keepTyped(from: ParentNode, to: ParentNode) {
  if (formKey(from) === null || formKey(from) !== formKey(to)) return;
  const fresh = controls(to);
  for (const [key, old] of controls(from)) {
    const now = fresh.get(key);
    if (!now || now.type === "hidden" || now.type !== old.type) continue;
    if (old instanceof HTMLInputElement && (old.type === "radio" || old.type === "checkbox")) {
      if (old.checked !== old.defaultChecked) (now as HTMLInputElement).checked = old.checked;
    } else if (old instanceof HTMLSelectElement) {
      const changed = [...old.options].some((o) => o.selected !== o.defaultSelected);
      if (changed) for (const o of (now as HTMLSelectElement).options) o.selected = [...old.selectedOptions].some((s) => s.value === o.value);
    } else if (old.value !== (old as HTMLInputElement | HTMLTextAreaElement).defaultValue) {
      now.value = old.value;
    }
  }
}

/** Scripts of a parsed document do not run when inserted: each is made anew, with this page's nonce. */
function runScripts(root: ParentNode, nonce: string) {
  for (const old of root.querySelectorAll("script")) {
    const script = document.createElement("script");
    script.nonce = nonce;
    script.textContent = old.textContent;
    old.replaceWith(script);
  }
}

/** Swaps in the page's new content; false when the answer is no participant page (then the caller reloads). */
export function swapPage(html: string, nonce: string, before: () => void, after: (root: HTMLElement) => void): boolean {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const next = doc.getElementById("sprout-root");
  const current = pageRoot();
  if (!next || !current || next.dataset.pname !== current.dataset.pname) return false;
  const active = document.activeElement as Control | null;
  const focus = active && current.contains(active) && active.name ? { key: controlKey(active, [...current.querySelectorAll<Control>(`[name="${CSS.escape(active.name)}"]`)].indexOf(active)), start: "selectionStart" in active ? active.selectionStart : null } : null;
  keepTyped(current, next);
  before();
  const adopted = document.importNode(next, true);
  current.replaceWith(adopted);
  document.title = doc.title;
  runScripts(adopted, nonce);
  after(adopted);
  if (formKey(adopted) !== formKey(current)) {
    // Another page: read from its heading, as after a navigation.
    window.scrollTo(0, 0);
    const heading = adopted.querySelector("h1");
    if (heading && !adopted.contains(document.activeElement)) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  } else if (focus) {
    const target = controls(adopted).get(focus.key);
    target?.focus();
    if (target && focus.start !== null && "setSelectionRange" in target) {
      try {
        target.setSelectionRange(focus.start, focus.start);
      } catch {
        // Not every input type has a selection (number, email).
      }
    }
  }
  return true;
}
