import { browserCookieHeader, clientOf, isBotAgent } from "@/lib/engine/quality/client";

test("a browser's cookie is read back; a missing or odd one is replaced by a fresh random one", () => {
  const kept = clientOf(new Headers({ cookie: "a=1; sprout_browser=abcdefghijklmnopqrstuv; b=2", "user-agent": "Mozilla/5.0" }));
  expect([kept.browserCookie, kept.minted, kept.userAgent]).toEqual(["abcdefghijklmnopqrstuv", false, "Mozilla/5.0"]);
  const odd = clientOf(new Headers({ cookie: "sprout_browser=<script>" }));
  expect(odd.minted).toBe(true);
  expect(odd.browserCookie).toMatch(/^[\w-]{24}$/);
  const a = clientOf(new Headers());
  const b = clientOf(new Headers());
  expect(a.browserCookie).not.toBe(b.browserCookie);
});

test("the cookie is first-party, for the participant pages only, out of scripts' reach", () => {
  expect(browserCookieHeader("v", false)).toBe("sprout_browser=v; Path=/p/; Max-Age=31536000; HttpOnly; SameSite=Lax");
  expect(browserCookieHeader("v", true)).toMatch(/; Secure$/);
});

test("Sprout's bots and Node's bare fetch are bots; browsers, headless Chromium included, are not", () => {
  expect(["SproutBot/1", "node", "undici"].map(isBotAgent)).toEqual([true, true, true]);
  expect(["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0 Safari/537.36", "", "nodejs-like browser"].map(isBotAgent)).toEqual([false, false, false]);
});
