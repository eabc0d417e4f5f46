import type { AuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { db, readDb } from "../store/db.ts";
import { AUTO_LOGIN_ADMIN, checkPassword } from "./accounts.ts";
import { autoLoginAccepted } from "./auto-login.ts";
import { createLogin, LOGIN_LIFETIME_MS, recordFailure, signInThrottled } from "./logins.ts";
import { requestPeer } from "./request-peer.ts";

export const LOGIN_PAGE = "/admin/login/";

const ZCredentials = z.union([
  z.object({ token: z.string().min(1).max(200) }),
  z.object({ admin: z.string().trim().min(1).max(100), password: z.string().min(1).max(1000) }),
]);

/** Throwing from authorize shows the message on the login page (next-auth passes it as `error`). */
async function authorize(credentials: Record<string, string> | undefined, headers: Record<string, string | string[] | undefined>) {
  const parsed = ZCredentials.safeParse(credentials ?? {});
  if (!parsed.success) throw new Error("Enter your admin name and password.");
  const { address, proxied } = requestPeer(headers);
  const userAgent = String(headers["user-agent"] ?? "");
  if ("token" in parsed.data) {
    if (!autoLoginAccepted(parsed.data.token, proxied)) throw new Error("This sign-in link has expired (it changes whenever the server restarts). Use the link the server printed last.");
    const token = await createLogin(db(), { admin: AUTO_LOGIN_ADMIN, method: "auto-login", address, userAgent });
    return { id: token, name: AUTO_LOGIN_ADMIN };
  }
  const { admin, password } = parsed.data;
  const throttled = await signInThrottled(readDb(), admin, address);
  if (throttled) throw new Error(throttled);
  if (!(await checkPassword(admin, password))) {
    await recordFailure(db(), admin, address);
    throw new Error("That admin name and password do not match.");
  }
  const token = await createLogin(db(), { admin, method: "password", address, userAgent });
  return { id: token, name: admin };
}

/**
 * next-auth with JWT cookies: the cookie is signed and names one AdminLogin row; that row is
 * what makes it valid (see activeLogin), so a revoked login stops at its next request.
 */
export const authOptions: AuthOptions = {
  session: { strategy: "jwt", maxAge: LOGIN_LIFETIME_MS / 1000 },
  pages: { signIn: LOGIN_PAGE, error: LOGIN_PAGE },
  providers: [
    Credentials({
      id: "admin",
      name: "Admin",
      credentials: { admin: { type: "text" }, password: { type: "password" }, token: { type: "text" } },
      authorize: (credentials, req) => authorize(credentials, req.headers ?? {}),
    }),
  ],
  callbacks: {
    jwt: ({ token, user }) => (user ? { ...token, login: user.id, name: user.name } : token),
    session: ({ session, token }) => ({ ...session, login: token.login, user: { name: token.name } }),
  },
  logger: {
    // next-auth logs a failed authorize as an error with a stack; a wrong password is not one.
    error: (code, metadata) => {
      if (code !== "CREDENTIALS_SIGNIN_ERROR" && !(metadata instanceof Error && /authorize/i.test(code))) console.error(`[next-auth] ${code}`, metadata);
    },
    warn: (code) => console.warn(`[next-auth] ${code}`),
    debug: () => {},
  },
};
