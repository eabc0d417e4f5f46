import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { activeLogin } from "@/lib/auth/logins";
import { LOGIN_PAGE } from "@/lib/auth/next-auth";
import { loginTokenFromCookies } from "@/lib/auth/session-cookie";
import { authSecret } from "@/lib/env";
import { adminNames } from "@/lib/project";
import { db, readDb } from "@/lib/store/db";

export interface SignedInAdmin {
  name: string;
  loginId: number;
  token: string;
}

/**
 * The admin behind this request's login cookie (next-auth's signed JWT), if that login still
 * works. Cached per request: the layout and the page both ask.
 */
export const currentAdmin = cache(async (): Promise<SignedInAdmin | null> => {
  const token = await loginTokenFromCookies((await headers()).get("cookie") ?? undefined, authSecret());
  const login = await activeLogin({ db: db(), read: readDb() }, token, adminNames());
  return login ? { name: login.admin, loginId: login.id, token: login.token } : null;
});

/** For admin pages: the signed-in admin, or off to the login page. */
export async function requireAdmin(): Promise<SignedInAdmin> {
  const admin = await currentAdmin();
  if (!admin) redirect(LOGIN_PAGE);
  return admin;
}

/** For admin route handlers (downloads): the signed-in admin, or a 303 to the login page. */
export async function adminOrLoginRedirect(): Promise<SignedInAdmin | Response> {
  return (await currentAdmin()) ?? new Response(null, { status: 303, headers: { location: LOGIN_PAGE } });
}
