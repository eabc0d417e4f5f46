import { revokeLogins } from "@/lib/auth/logins";
import { LOGIN_PAGE } from "@/lib/auth/next-auth";
import { SESSION_COOKIES } from "@/lib/auth/session-cookie";
import { seeOther } from "@/lib/http";
import { cutOffLogins } from "@/lib/realtime/admins";
import { db } from "@/lib/store/db";
import { currentAdmin } from "../_lib/auth";

/** Signs out: the login is revoked (so a copied cookie stops working too) and its cookie cleared. */
export async function POST() {
  const admin = await currentAdmin();
  if (admin) {
    await cutOffLogins(await revokeLogins(db(), { token: admin.token }, admin.name));
  }
  const response = seeOther(`${LOGIN_PAGE}?signed-out=1`);
  for (const name of SESSION_COOKIES) {
    response.headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`);
  }
  return response;
}
