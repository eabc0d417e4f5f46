/** Talks to participant pages the way a browser without JavaScript does. */

export interface PageResult {
  status: number;
  html: string;
  /** the page heading */
  title: string;
  /** the position the page's form carries, or null when it has no form */
  position: number | null;
}

export async function getPage(url: string): Promise<PageResult> {
  const res = await fetch(url, { redirect: "manual" });
  const html = await res.text();
  const title = /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] ?? "";
  const pos = /name="_position" value="(-?\d+)"/.exec(html)?.[1];
  return { status: res.status, html, title, position: pos === undefined ? null : Number(pos) };
}

/** POSTs a form to the page's submit route; returns the raw response (redirects not followed). */
export async function postForm(pageUrl: string, data: Record<string, string | number>): Promise<Response> {
  const body = new URLSearchParams(Object.entries(data).map(([k, v]) => [k, String(v)]));
  return fetch(`${pageUrl}submit/`, { method: "POST", body, redirect: "manual" });
}

/** Submits the page the participant is on (its current position) and returns the next page. */
export async function submitCurrent(pageUrl: string, data: Record<string, string | number> = {}): Promise<PageResult> {
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
