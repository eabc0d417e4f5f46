import type { ReactNode } from "react";
import { escapeHtml } from "../participant-html.ts";

// A React tree as static HTML, for the API's digests. Route handlers run in Next's server
// components layer, where react-dom/server is not available; a digest is a summary (text,
// tables, lists) built from host elements and server components, which this renders: host
// elements, fragments, arrays, text and (async) function components. Event handlers are left
// out; a client component cannot be rendered here and is named in the error.

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
const RENAMED: Record<string, string> = { className: "class", htmlFor: "for" };
const SKIPPED = new Set(["children", "key", "ref", "dangerouslySetInnerHTML", "suppressHydrationWarning", "suppressContentEditableWarning"]);
const UNITLESS = new Set(["opacity", "zIndex", "fontWeight", "lineHeight", "flex", "flexGrow", "flexShrink", "order", "zoom"]);

const CLIENT_REFERENCE = Symbol.for("react.client.reference");


interface Element {
  type: unknown;
  props: Record<string, unknown>;
}

const isElement = (n: unknown): n is Element => typeof n === "object" && n !== null && "$$typeof" in n && "type" in n && "props" in n;

function styleText(style: Record<string, unknown>): string {
  return Object.entries(style)
    .filter(([, v]) => v !== null && v !== undefined && v !== "" && typeof v !== "boolean")
    .map(([k, v]) => {
      const name = k.startsWith("--") ? k : k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const value = typeof v === "number" && v !== 0 && !UNITLESS.has(k) ? `${v}px` : String(v);
      return `${name}:${value}`;
    })
    .join(";");
}

function attributes(props: Record<string, unknown>): string {
  let out = "";
  for (const [key, value] of Object.entries(props)) {
    if (SKIPPED.has(key) || value === null || value === undefined || value === false || typeof value === "function" || /^on[A-Z]/.test(key)) continue;
    const name = RENAMED[key] ?? key;
    if (value === true) out += ` ${name}`;
    else if (key === "style" && typeof value === "object") out += ` style="${escapeHtml(styleText(value as Record<string, unknown>))}"`;
    else out += ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}

/** The tree as HTML; throws for what cannot be rendered without a browser (client components). */
export async function staticMarkup(node: ReactNode | Promise<ReactNode>): Promise<string> {
  const n: unknown = await node;
  if (n === null || n === undefined || typeof n === "boolean") return "";
  if (typeof n === "string") return escapeHtml(n);
  if (typeof n === "number" || typeof n === "bigint") return String(n);
  if (Array.isArray(n)) return (await Promise.all(n.map((c) => staticMarkup(c as ReactNode)))).join("");
  if (!isElement(n)) throw new Error(`cannot render ${Object.prototype.toString.call(n)} as HTML`);
  const { type, props } = n;
  if (typeof type === "string") {
    const inner = props.dangerouslySetInnerHTML as { __html?: string } | undefined;
    if (VOID.has(type)) return `<${type}${attributes(props)}>`;
    const children = inner?.__html ?? (await staticMarkup(props.children as ReactNode));
    return `<${type}${attributes(props)}>${children}</${type}>`;
  }
  if ((type as { $$typeof?: symbol }).$$typeof === CLIENT_REFERENCE) throw new Error("a client component cannot be rendered as HTML here; a digest uses server components");
  if (typeof type === "function") return staticMarkup((type as (p: unknown) => ReactNode)(props));
  // Fragments, Suspense and context providers: their children are the content.
  return staticMarkup(props.children as ReactNode);
}
