import type { AuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../store/db.ts";
import { AUTO_LOGIN_ADMIN, checkPassword } from "./accounts.ts";
import { autoLoginRefusal } from "./auto-login.ts";
import { attemptSucceeded, beginAttempt, createLogin, LOGIN_LIFETIME_MS } from "./logins.ts";
import { requestPeer, servedOverHttps } from "./request-peer.ts";
import { log } from "../log.ts";

export const LOGIN_PAGE = "/admin/login/";

const ZCredentials = z.union([
  z.object({ token: z.string().min(1).max(200) }),
  z.object({ admin: z.string().trim().min(1).max(100), password: z.string().min(1).max(1000) }),
]);

/** A refusal whose message the login page shows as it is. */
class SignInRefused extends Error {}

/**
 * Throwing from authorize shows the message on the login page (next-auth passes it as
 * `error`, and logs nothing): refusals say why, anything unexpected is logged here and shown
 * as a generic line.
 */
async function authorize(credentials: Record<string, string> | undefined, headers: Record<string, string | string[] | undefined>) {
  try {
    return await checkCredentials(credentials, headers);
  } catch (e) {
    if (e instanceof SignInRefused) throw e;
    log.error({ err: e }, "sign-in failed");
    throw new Error("Signing in failed on the server. Please try again in a moment.");
  }
}

async function checkCredentials(credentials: Record<string, string> | undefined, headers: Record<string, string | string[] | undefined>) {
  const parsed = ZCredentials.safeParse(credentials ?? {});
  if (!parsed.success) throw new SignInRefused("Enter your admin name and password.");
  const peer = requestPeer(headers);
  const { address } = peer;
  const userAgent = String(headers["user-agent"] ?? "");
  if ("token" in parsed.data) {
    const refused = autoLoginRefusal(parsed.data.token, peer);
    if (refused) {
      log.info({ address, socket: peer.socket, via: peer.via }, "auto-login refused");
      throw new SignInRefused(refused);
    }
    const token = await createLogin(db(), { admin: AUTO_LOGIN_ADMIN, method: "auto-login", address, userAgent });
    return { id: token, name: AUTO_LOGIN_ADMIN };
  }
  const { admin, password } = parsed.data;
  const attempt = await beginAttempt(db(), admin, address);
  if (attempt.refused) throw new SignInRefused(attempt.refused);
  if (!(await checkPassword(admin, password))) throw new SignInRefused("That admin name and password do not match.");
  await attemptSucceeded(db(), { admin, address });
  const token = await createLogin(db(), { admin, method: "password", address, userAgent });
  return { id: token, name: admin };
}

/**
 * The options for one request: its cookies are `Secure` (and named `__Secure-`/`__Host-`) when
 * the browser reached Sprout over https (servedOverHttps) or the site's address is https.
 */
export function authOptionsFor(headers: Headers): AuthOptions {
  const httpsSite = (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
  return { ...authOptions, useSecureCookies: httpsSite || servedOverHttps(headers) };
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
    // The login token stays inside the cookie: pages read it with loginTokenFromCookies.
    session: ({ session, token }) => ({ ...session, user: { name: token.name } }),
  },
};
