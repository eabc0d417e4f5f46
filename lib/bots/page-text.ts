/** A page's text as a participant reads it: no markup, scripts or styles, entities decoded, spaces collapsed. */
export function pageText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return body
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, " ")
    // React puts <!-- --> between adjacent text parts, and inline tags sit inside sentences:
    // neither is a break between words.
    .replace(/<!--[\s\S]*?-->|<\/?(strong|em|b|i|span|a|code|small|sup|sub)\b[^>]*>/gi, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, e: string) => {
      const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
      if (e[0] !== "#") return named[e.toLowerCase()]!;
      return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    })
    .replace(/\s+/g, " ")
    .trim();
}
