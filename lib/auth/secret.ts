import crypto from "node:crypto";
import type { Db } from "../store/db.ts";

const NAME = "auth-secret";

/**
 * The secret that signs admin login cookies: made at the first start and kept in the
 * database, so logins survive restarts and every instance shares it.
 */
export async function loadAuthSecret(db: Db): Promise<string> {
  // An upsert that changes nothing when the secret exists: two first starts agree on one.
  const row = await db.$transaction((tx) =>
    tx.setting.upsert({ where: { name: NAME }, create: { name: NAME, value: crypto.randomBytes(32).toString("base64url") }, update: {} }),
  );
  return row.value;
}
