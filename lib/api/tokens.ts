import crypto from "node:crypto";
import { z } from "zod";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.ts";
import { recordAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";
import { uniqueViolationOf } from "../engine/admin/sessions.ts";

// Admin API tokens. A token is 256 random bits shown once; the database keeps its SHA-256
// only (a slow password hash buys nothing against a random secret of that size, and every
// API request must check one). A revoked token stays listed so its name keeps meaning one
// token in the audit log: names are never reused.

export const TOKEN_SCOPES = ["read", "full"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const PREFIX = "sprout_";
/** Last use is written at most this often per token, so a busy script costs no write per request. */
const LAST_USED_EVERY_MS = 60_000;

export const ZTokenName = z
  .string({ error: "A token name is text" })
  .trim()
  .min(1, "Give the token a name")
  .max(64, "A token name has at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "A token name uses letters, digits, '_', '.' and '-' (starting with a letter or digit)");

export interface ApiTokenInfo {
  name: string;
  scope: TokenScope;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Who acts when a token calls the API: the name the audit log and the field log record. */
export const tokenActor = (name: string) => `token:${name}`;

const hashOf = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** Makes a token; returns it in clear, the only time it is ever available. */
export async function createApiToken(db: Db, input: { name: unknown; scope: TokenScope; by: string }): Promise<{ name: string; scope: TokenScope; token: string }> {
  const name = ZTokenName.safeParse(input.name);
  if (!name.success) throw new InvalidInputError(name.error.issues[0]!.message, { name: [name.error.issues[0]!.message] });
  const token = PREFIX + crypto.randomBytes(32).toString("base64url");
  try {
    await db.$transaction(async (tx) => {
      await tx.apiToken.create({ data: { name: name.data, hash: hashOf(token), scope: input.scope, createdBy: input.by } });
      await recordAudit(tx, { admin: input.by, action: "apiToken.create", detail: { token: name.data, scope: input.scope } });
    });
  } catch (e) {
    if (uniqueViolationOf(e)?.includes("name")) {
      const message = `A token named "${name.data}" exists or existed (names are not reused): choose another name`;
      throw new InvalidInputError(message, { name: [message] });
    }
    throw e;
  }
  return { name: name.data, scope: input.scope, token };
}

/** Revokes a token by name: it stops working at once, on every instance (each request reads the row). */
export async function revokeApiToken(db: Db, name: string, by: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { name } });
    if (!token) throw new NotFoundError(`There is no token "${name}"`);
    if (token.revokedAt) throw new ConflictError(`Token "${name}" is already revoked`);
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { admin: by, action: "apiToken.revoke", detail: { token: name } });
  });
}

/** Every token, newest first, revoked ones included. */
export async function listApiTokens(read: Db): Promise<ApiTokenInfo[]> {
  const rows = await read.apiToken.findMany({ orderBy: { id: "desc" }, select: { name: true, scope: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true } });
  return rows.map((r) => ({ ...r, scope: r.scope === "full" ? "full" : "read" }));
}

const lastWritten = new Map<string, number>();

/** The working token behind a bearer secret, or null (unknown or revoked). Notes its use. */
export async function authenticateApiToken(db: Db, secret: string): Promise<{ name: string; scope: TokenScope } | null> {
  if (!secret.startsWith(PREFIX) || secret.length > 200) return null;
  const row = await db.apiToken.findUnique({ where: { hash: hashOf(secret) }, select: { id: true, name: true, scope: true, revokedAt: true } });
  if (!row || row.revokedAt) return null;
  const now = Date.now();
  if (now - (lastWritten.get(row.name) ?? 0) >= LAST_USED_EVERY_MS) {
    lastWritten.set(row.name, now);
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { name: row.name, scope: row.scope === "full" ? "full" : "read" };
}
