import { revokeLogin } from "@/lib/auth/logins";
import { LOGIN_PAGE } from "@/lib/auth/next-auth";
import { SESSION_COOKIES } from "@/lib/auth/session-cookie";
import { errorResponse, fromThisSite, onlyAllows, seeOther, textResponse } from "@/lib/http";
import { db } from "@/lib/store/db";
import { currentAdmin } from "../_lib/auth";

/** Signs out: the login is revoked (so a copied cookie stops working too) and its cookie cleared. */
export async function POST(request: Request) {
  // Another site must not be able to sign the admin out (or clear the cookie).
  if (!fromThisSite(request)) return textResponse(403, "Signing out works from Sprout's own pages only.");
  try {
    // Revoking also signs out this login's open tabs (their sockets close).
    const admin = await currentAdmin();
    if (admin) await revokeLogin(db(), { token: admin.token }, admin.name);
  } catch (e) {
    return errorResponse(e, "POST /admin/logout/");
  }
  const response = seeOther(`${LOGIN_PAGE}?signed-out=1`);
  for (const name of SESSION_COOKIES) {
    response.headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`);
  }
  return response;
}

export const { GET, PUT, PATCH, DELETE } = onlyAllows("POST");
