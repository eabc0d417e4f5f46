import crypto from "node:crypto";
import { recordAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";
import { LOCKS, serialize } from "../store/dialect.ts";
import { transaction } from "../store/outbox.ts";

/** How long a sign-in lasts: a working day and then some. */
export const LOGIN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const LAST_SEEN_RESOLUTION_MS = 60_000;

// Rate limit: refused sign-ins within the window, per admin name and per address.
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_NAME = 10;
const MAX_FAILURES_PER_ADDRESS = 30;

interface ActiveLogin {
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
    // Only a note for the status page: a busy database must not fail the request over it.
    await dbs.db.$transaction((tx) => tx.adminLogin.update({ where: { id: row.id }, data: { lastSeenAt: new Date(now) } })).catch(() => undefined);
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

/**
 * Revokes a login (by id, or by its token) with its audit entry, and after commit signs out
 * its open admin tabs (their sockets close). Returns its token, or null when it was not active
 * (already revoked, by a racing admin too).
 */
export async function revokeLogin(db: Db, which: { id: number } | { token: string }, by: string): Promise<string | null> {
  return transaction(db, async (tx, outbox) => {
    const row = await tx.adminLogin.findFirst({ where: { ...which, revokedAt: null }, select: { id: true, token: true, admin: true } });
    if (!row) return null;
    const revoked = await tx.adminLogin.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: new Date(), revokedBy: by } });
    if (revoked.count !== 1) return null;
    await recordAudit(tx, { admin: by, action: "login.revoke", detail: { login: row.id, of: row.admin } });
    outbox.push({ event: "admin:signed-out", logins: [row.token] });
    return row.token;
  });
}

/**
 * Registers a sign-in attempt before its password is checked, and says whether it may go on.
 * The attempt counts as a failure until `attemptSucceeded` removes it, so a burst of guesses
 * sent at once is counted in full (each sees the ones before it), not as one.
 */
export async function beginAttempt(db: Db, admin: string, address: string): Promise<{ id: number; refused: string | null }> {
  return db.$transaction(async (tx) => {
    await serialize(tx, LOCKS.signInAttempts); // each attempt counts the ones before it, on PostgreSQL too
    const now = Date.now();
    // Old attempts no longer count: keep the table small.
    await tx.loginFailure.deleteMany({ where: { at: { lt: new Date(now - FAILURE_WINDOW_MS) } } });
    const row = await tx.loginFailure.create({ data: { admin: admin.slice(0, 100), address: address.slice(0, 100) } });
    const since = new Date(now - FAILURE_WINDOW_MS);
    const [byName, byAddress] = await Promise.all([
      tx.loginFailure.count({ where: { admin: row.admin, at: { gt: since } } }),
      tx.loginFailure.count({ where: { address: row.address, at: { gt: since } } }),
    ]);
    const refused = byName > MAX_FAILURES_PER_NAME || byAddress > MAX_FAILURES_PER_ADDRESS;
    return { id: row.id, refused: refused ? `Too many failed sign-ins. Please wait ${FAILURE_WINDOW_MS / 60_000} minutes and try again.` : null };
  });
}

/** The password was right: the attempt is not a failure. */
export async function attemptSucceeded(db: Db, id: number): Promise<void> {
  await db.$transaction((tx) => tx.loginFailure.deleteMany({ where: { id } }));
}
