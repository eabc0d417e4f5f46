import { pageRoot } from "./page-swap";

/**
 * With JavaScript, a page's form is sent by fetch and the next page swapped in (the same POST,
 * the same 303 to the page): the connection stays open from page to page, nothing flashes, and
 * a double click sends once. Without JavaScript the form posts as ever. An answer that is not
 * a participant page (a refusal, the "please wait" page that offers to send the answers again)
 * replaces the document, as the browser would have shown it.
 */
export function submitInPlace(show: (ticket: number, html: string) => void, nextTicket: () => number) {
  let sending = false;
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement) || form.method !== "post" || !pageRoot()?.contains(form)) return;
    event.preventDefault();
    if (sending) return;
    sending = true;
    const submitter = event.submitter instanceof HTMLButtonElement || event.submitter instanceof HTMLInputElement ? event.submitter : null;
    const body = new URLSearchParams();
    for (const [name, value] of new FormData(form, submitter)) if (typeof value === "string") body.append(name, value);
    const ticket = nextTicket();
    post(form.action, body)
      .then(async (res) => {
        const html = await res.text();
        const type = res.headers.get("content-type") ?? "";
        if (res.ok && res.redirected && type.startsWith("text/html")) return show(ticket, html);
        replaceDocument(type.startsWith("text/html") ? html : `<!DOCTYPE html><pre style="white-space:pre-wrap;font:1rem system-ui;padding:2rem">${escape(html)}</pre>`);
      })
      .catch(() => {
        // The network failed: the browser posts the form itself (and shows its own error page if it fails again).
        if (submitter?.name) form.append(Object.assign(document.createElement("input"), { type: "hidden", name: submitter.name, value: submitter.value }));
        HTMLFormElement.prototype.submit.call(form);
      })
      .finally(() => (sending = false));
  });
}

/** Sends the form; a moment's overload (503 with Retry-After: nothing was saved) is waited out and sent again, a few times. */
async function post(action: string, body: URLSearchParams): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(action, { method: "POST", body, credentials: "same-origin", headers: { accept: "text/html" } });
    const retryAfter = Number(res.headers.get("retry-after"));
    if (res.status !== 503 || !retryAfter || attempt === 5) return res;
    await new Promise((r) => setTimeout(r, retryAfter * 1000));
  }
}

const escape = (text: string) => text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);

function replaceDocument(html: string) {
  document.open();
  document.write(html);
  document.close();
}
