"use server";

import { z } from "zod";
import { revokeLogin } from "@/lib/auth/logins";
import { InvalidInputError } from "@/lib/errors";
import { db } from "@/lib/store/db";
import { adminAction, formText } from "../_lib/action";

const ZLoginId = z.coerce.number().int().positive();

/** Revokes one login (any admin's): its pages, actions and sockets stop at once. */
export const revokeLoginAction = adminAction("revokeLogin", async (admin, form) => {
  const id = ZLoginId.safeParse(formText(form, "id"));
  if (!id.success) throw new InvalidInputError("Choose a login to revoke");
  // Its open admin tabs are signed out by the revocation itself (after it committed).
  const token = await revokeLogin(db(), { id: id.data }, admin.name);
  if (!token) throw new InvalidInputError("That login is not active (already revoked or expired)");
  return "Login revoked.";
});
