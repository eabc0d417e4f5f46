import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { activeLogin } from "@/lib/auth/logins";
import { authOptions, LOGIN_PAGE } from "@/lib/auth/next-auth";
import { adminNames } from "@/lib/engine/project";
import { db, readDb } from "@/lib/store/db";

export interface SignedInAdmin {
  name: string;
  loginId: number;
  token: string;
}

/** The admin behind this request's login cookie, if that login still works. */
export async function currentAdmin(): Promise<SignedInAdmin | null> {
  const session = (await getServerSession(authOptions)) as { login?: unknown } | null;
  const token = typeof session?.login === "string" ? session.login : undefined;
  const login = await activeLogin({ db: db(), read: readDb() }, token, adminNames());
  return login ? { name: login.admin, loginId: login.id, token: login.token } : null;
}

/** For admin pages: the signed-in admin, or off to the login page. */
export async function requireAdmin(): Promise<SignedInAdmin> {
  const admin = await currentAdmin();
  if (!admin) redirect(LOGIN_PAGE);
  return admin;
}
