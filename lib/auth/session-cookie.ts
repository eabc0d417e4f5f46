import { decode } from "next-auth/jwt";
import { readCookie } from "../http.ts";

/** next-auth's login cookie: the __Secure- name when the site runs on https. */
export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/** The AdminLogin token inside a request's signed login cookie, or undefined (absent, forged, expired). */
export async function loginTokenFromCookies(cookieHeader: string | undefined, secret: string | undefined): Promise<string | undefined> {
  if (!cookieHeader || !secret) return undefined;
  for (const name of SESSION_COOKIES) {
    const raw = readCookie(cookieHeader, name);
    if (!raw) continue;
    try {
      const jwt = await decode({ token: raw, secret });
      if (typeof jwt?.login === "string") return jwt.login;
    } catch {
      // a cookie that does not decode is no login
    }
  }
  return undefined;
}
