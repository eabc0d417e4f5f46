/** Talks to participant pages the way a browser without JavaScript does. */

export interface PageResult {
  status: number;
  html: string;
  /** the page heading */
  title: string;
  /** the position the page's form carries, or null when it has no form */
  position: number | null;
  /** the page path "app/Page" the form is for */
  path: string | null;
}

export async function getPage(url: string): Promise<PageResult> {
  const res = await fetch(url, { redirect: "manual" });
  const html = await res.text();
  const title = /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] ?? "";
  const pos = /name="_position" value="(-?\d+)"/.exec(html)?.[1];
  return { status: res.status, html, title, position: pos === undefined ? null : Number(pos), path: /data-page="([^"]+)"/.exec(html)?.[1] ?? null };
}

/** The error message shown under a field, or "" when it has none. */
export function fieldError(html: string, name: string): string {
  return text(new RegExp(`id="field-${name}-error"[^>]*>(.*?)</p>`).exec(html)?.[1] ?? "");
}

export type FormData = Record<string, string | number | string[]>;

/** POSTs a form to the page's submit route; returns the raw response (redirects not followed). */
export async function postForm(pageUrl: string, data: FormData): Promise<Response> {
  const body = new URLSearchParams(Object.entries(data).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, String(v)]])));
  return fetch(`${pageUrl}submit/`, { method: "POST", body, redirect: "manual" });
}

/** Submits the page the participant is on (its current position) and returns the next page. */
export async function submitCurrent(pageUrl: string, data: FormData = {}): Promise<PageResult> {
  const page = await getPage(pageUrl);
  if (page.position === null) throw new Error(`"${page.title}" has no form`);
  const res = await postForm(pageUrl, { _position: page.position, ...data });
  if (res.status !== 303) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
  return getPage(pageUrl);
}

/** Decodes the text React rendered ("a<!-- -->b" → "ab", entities unescaped). */
export function text(html: string): string {
  return html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The attributes of every <input>, <select>, <option> or <textarea> in the page's form, for checks that do not depend on attribute order. */
export function formControls(html: string): Record<string, string>[] {
  const form = html.slice(html.indexOf("<form"), html.indexOf("</form>"));
  return [...form.matchAll(/<(input|select|option|textarea)\b([^>]*)>(?:([^<]*)<\/textarea>)?/g)].map((m) => {
    const attrs: Record<string, string> = { tag: m[1]! };
    for (const a of m[2]!.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) attrs[a[1]!] = a[2] ?? "";
    if (m[1] === "textarea") attrs.text = m[3] ?? "";
    return attrs;
  });
}

/** What the form would submit as shown: input values, the chosen radio and option, each name's ticked checkboxes as a list. */
export function shownValues(html: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  let select: string | null = null;
  for (const c of formControls(html)) {
    if (c.tag === "option") {
      if (select && "selected" in c) out[select] = c.value ?? "";
      continue;
    }
    select = null;
    if (c.tag === "select") {
      select = c.name ?? null;
      if (select) out[select] = "";
      continue;
    }
    if (!c.name || c.name.startsWith("_")) continue;
    if (c.type === "checkbox") {
      if ("checked" in c) out[c.name] = [...((out[c.name] as string[] | undefined) ?? []), c.value ?? ""];
    } else if (c.type === "radio") {
      if ("checked" in c) out[c.name] = c.value ?? "";
    } else out[c.name] = c.tag === "textarea" ? (c.text ?? "") : (c.value ?? "");
  }
  return out;
}
