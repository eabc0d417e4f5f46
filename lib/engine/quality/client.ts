import crypto from "node:crypto";

// What the participant's request tells the quality checks besides its form: who sent it (a
// browser or one of Sprout's bots) and the browser's first-party cookie.

/** The cookie that recognises a browser entering a session twice (docs/data-quality.md). */
export const BROWSER_COOKIE = "sprout_browser";

/** Sprout's bots say so in their User-Agent (lib/bots/bot.ts); Node's fetch without one says "node". */
export const BOT_USER_AGENT = "SproutBot/1";
const BOT_AGENTS = /^(SproutBot\b|node$|undici$)/;

export interface ClientInfo {
  /** the request's User-Agent and Accept-Language (for the coarse fingerprint; never stored as they are) */
  userAgent: string;
  acceptLanguage: string;
  /** the browser cookie's value: the browser's own, or a fresh one minted for this request */
  browserCookie: string;
  /** true when the request had no cookie and `browserCookie` is new */
  minted: boolean;
  /** set by the engine when the config tracks duplicates: the answer should (re)set the cookie */
  keepCookie?: boolean;
}

export const isBotAgent = (userAgent: string) => BOT_AGENTS.test(userAgent.trim());

/** A cookie value we could have minted (anything else is replaced, so a client cannot send an arbitrary text to be hashed). */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{16,64}$/;

/** The client of a request, from its headers: a browser cookie read or newly minted. */
export function clientOf(headers: Headers): ClientInfo {
  const cookie = /(?:^|;\s*)sprout_browser=([^;]*)/.exec(headers.get("cookie") ?? "")?.[1] ?? "";
  const minted = !COOKIE_VALUE.test(cookie);
  return {
    userAgent: (headers.get("user-agent") ?? "").slice(0, 500),
    acceptLanguage: (headers.get("accept-language") ?? "").slice(0, 200),
    browserCookie: minted ? crypto.randomBytes(18).toString("base64url") : cookie,
    minted,
  };
}

/** The Set-Cookie value that keeps the browser cookie for a year, on the participant pages only. */
export const browserCookieHeader = (value: string, secure: boolean) =>
  `${BROWSER_COOKIE}=${value}; Path=/p/; Max-Age=31536000; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
