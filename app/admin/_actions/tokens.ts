"use server";

import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/lib/api/tokens";
import { db } from "@/lib/store/db";
import { adminAction, formText } from "../_lib/action";

// The API tokens page's actions: thin wrappers over lib/api/tokens.ts (the CLI calls the same).

export const createTokenAction = adminAction("createToken", async (admin, form) => {
  const made = await createApiToken(db(), { name: formText(form, "name"), scope: formText(form, "scope") === "read" ? "read" : "full", by: admin.name });
  revalidatePath("/admin/tokens/");
  return { message: `Token ${made.name} made (${made.scope === "read" ? "read-only" : "full access"}). Copy it now: it is not shown again.`, secret: made.token };
});

export const revokeTokenAction = adminAction("revokeToken", async (admin, form) => {
  const name = formText(form, "name");
  // The row keeps its place and shows this outcome instead of the button (as a revoked login's
  // does); the list says "revoked" on the next load.
  await revokeApiToken(db(), name, admin.name);
  return `Token ${name} revoked.`;
});
