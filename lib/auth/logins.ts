import crypto from "node:crypto";
import type { Db } from "../store/db.ts";

/** How long a sign-in lasts: a working day and then some. */
export const LOGIN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const LAST_SEEN_RESOLUTION_MS = 60_000;

// Rate limit: refused sign-ins within the window, per admin name and per address.
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_NAME = 10;
export const MAX_FAILURES_PER_ADDRESS = 30;

export interface ActiveLogin {
  id: number;
  admin: string;
  token: string;
}

/** Records a sign-in and returns its token (which the signed login cookie carries). */
export async function createLogin(db: Db, login: { admin: string; method: "password" | "auto-login"; address: string; userAgent: string }): Promise<string> {
  const token = crypto.randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + LOGIN_LIFETIME_MS);
  await db.$transaction((tx) =>
    tx.adminLogin.create({ data: { token, admin: login.admin, method: login.method, address: login.address.slice(0, 100), userAgent: login.userAgent.slice(0, 300), expiresAt } }),
  );
  return token;
}

/**
 * The login behind a token, if it still works (not revoked, not expired, and its admin
 * still in the project). Every admin page, action and socket event asks this.
 */
export async function activeLogin(dbs: { db: Db; read: Db }, token: string | undefined, admins: readonly string[]): Promise<ActiveLogin | null> {
  if (!token) return null;
  const row = await dbs.read.adminLogin.findUnique({ where: { token } });
  const now = Date.now();
  if (!row || row.revokedAt || row.expiresAt.getTime() <= now || !admins.includes(row.admin)) return null;
  if (now - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await dbs.db.$transaction((tx) => tx.adminLogin.update({ where: { id: row.id }, data: { lastSeenAt: new Date(now) } }));
  }
  return { id: row.id, admin: row.admin, token: row.token };
}

/** The logins that still work, newest first. */
export function listActiveLogins(read: Db) {
  return read.adminLogin.findMany({
    where: { revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, admin: true, method: true, address: true, userAgent: true, createdAt: true, lastSeenAt: true, expiresAt: true },
  });
}

/** Revokes logins (by id, or every login of an admin); returns the revoked tokens so open sockets can be cut off. */
export async function revokeLogins(db: Db, which: { id: number } | { admin: string } | { token: string }, by: string): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const where = { ...which, revokedAt: null };
    const rows = await tx.adminLogin.findMany({ where, select: { token: true } });
    await tx.adminLogin.updateMany({ where, data: { revokedAt: new Date(), revokedBy: by } });
    return rows.map((r) => r.token);
  });
}

/** Why a sign-in attempt is refused before its password is even checked, or null. */
export async function signInThrottled(read: Db, admin: string, address: string): Promise<string | null> {
  const since = new Date(Date.now() - FAILURE_WINDOW_MS);
  const [byName, byAddress] = await Promise.all([
    read.loginFailure.count({ where: { admin, at: { gt: since } } }),
    read.loginFailure.count({ where: { address, at: { gt: since } } }),
  ]);
  if (byName >= MAX_FAILURES_PER_NAME || byAddress >= MAX_FAILURES_PER_ADDRESS) {
    return `Too many failed sign-ins. Please wait ${FAILURE_WINDOW_MS / 60_000} minutes and try again.`;
  }
  return null;
}

export async function recordFailure(db: Db, admin: string, address: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.loginFailure.create({ data: { admin: admin.slice(0, 100), address: address.slice(0, 100) } });
    // Old failures no longer count: keep the table small.
    await tx.loginFailure.deleteMany({ where: { at: { lt: new Date(Date.now() - FAILURE_WINDOW_MS) } } });
  });
}
