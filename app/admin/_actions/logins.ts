"use server";

import { z } from "zod";
import { revokeLogins } from "@/lib/auth/logins";
import { InvalidInputError } from "@/lib/errors";
import { cutOffLogins } from "@/lib/realtime/admins";
import { recordAudit } from "@/lib/store/audit";
import { db } from "@/lib/store/db";
import { adminAction, formText } from "../_lib/action";

const ZLoginId = z.coerce.number().int().positive();

/** Revokes one login (any admin's): its pages, actions and sockets stop at once. */
export const revokeLoginAction = adminAction("revokeLogin", async (admin, form) => {
  const id = ZLoginId.safeParse(formText(form, "id"));
  if (!id.success) throw new InvalidInputError("Choose a login to revoke");
  const tokens = await revokeLogins(db(), { id: id.data }, admin.name);
  if (tokens.length === 0) throw new InvalidInputError("That login is not active (already revoked or expired)");
  await db().$transaction((tx) => recordAudit(tx, { admin: admin.name, action: "login.revoke", detail: { login: id.data } }));
  await cutOffLogins(tokens);
  return "Login revoked.";
});
