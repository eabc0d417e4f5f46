import crypto from "node:crypto";
import type { Db } from "../store/db.ts";

const NAME = "auth-secret";

/**
 * The secret that signs admin login cookies: made at the first start and kept in the
 * database, so logins survive restarts and every instance shares it.
 */
export async function loadAuthSecret(db: Db): Promise<string> {
  return db.$transaction(async (tx) => {
    const existing = await tx.setting.findUnique({ where: { name: NAME } });
    if (existing) return existing.value;
    const value = crypto.randomBytes(32).toString("base64url");
    await tx.setting.create({ data: { name: NAME, value } });
    return value;
  });
}
