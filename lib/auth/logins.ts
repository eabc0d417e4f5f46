import crypto from "node:crypto";
import { recordAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";
import { LOCKS, serialize } from "../store/dialect.ts";
import { transaction } from "../store/outbox.ts";
import { log } from "../log.ts";

/** How long a sign-in lasts: a working day and then some. */
export const LOGIN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const LAST_SEEN_RESOLUTION_MS = 60_000;

// Throttling password guesses without locking anyone out: failures are counted per admin name
// and client address, and per address across names, within a window. Past a few, the next
// attempt from that address must wait (doubling with each further failure, up to a cap) and is
// answered "try again in N s" without its password being checked. Other addresses are not
// affected, so a stranger guessing cannot keep the owner out; logins already made keep working.
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Failures for one name from one address before the next attempt must wait. */
export const FREE_FAILURES_PER_NAME_AND_ADDRESS = 5;
/** Failures from one address for any names (guessing across names) before the next must wait. */
export const FREE_FAILURES_PER_ADDRESS = 20;
const FIRST_DELAY_MS = 1000;
export const MAX_DELAY_MS = 30_000;

/** How long after the last of `failures` failures the next attempt must wait, beyond `free` of them. */
function delayAfter(failures: number, free: number): number {
  return failures < free ? 0 : Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(failures - free, 30));
}

interface ActiveLogin {
  id: number;
  admin: string;
  token: string;
}

/**
 * Records a sign-in, with its audit entry ("login.signIn": the login, how, and the client's
 * address), and returns its token (which the signed login cookie carries).
 */
export async function createLogin(db: Db, login: { admin: string; method: "password" | "auto-login"; address: string; userAgent: string }): Promise<string> {
  const token = crypto.randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + LOGIN_LIFETIME_MS);
  const address = login.address.slice(0, 100);
  await db.$transaction(async (tx) => {
    const row = await tx.adminLogin.create({ data: { token, admin: login.admin, method: login.method, address, userAgent: login.userAgent.slice(0, 300), expiresAt } });
    await recordAudit(tx, { admin: login.admin, action: "login.signIn", detail: { login: row.id, method: login.method, address } });
  });
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
 * sent at once is counted in full (each sees the ones before it), not as one. A throttled
 * attempt is not checked and not counted.
 */
export async function beginAttempt(db: Db, admin: string, address: string): Promise<{ refused: string | null }> {
  const name = admin.slice(0, 100);
  const from = address.slice(0, 100);
  return db.$transaction(async (tx) => {
    await serialize(tx, LOCKS.signInAttempts); // each attempt counts the ones before it, on PostgreSQL too
    const now = Date.now();
    const since = new Date(now - FAILURE_WINDOW_MS);
    // Old attempts no longer count: keep the table small.
    await tx.loginFailure.deleteMany({ where: { at: { lt: since } } });
    const [pair, byAddress] = await Promise.all([
      tx.loginFailure.aggregate({ where: { admin: name, address: from, at: { gte: since } }, _count: { _all: true }, _max: { at: true } }),
      tx.loginFailure.aggregate({ where: { address: from, at: { gte: since } }, _count: { _all: true }, _max: { at: true } }),
    ]);
    const pairUntil = (pair._max.at?.getTime() ?? 0) + delayAfter(pair._count._all, FREE_FAILURES_PER_NAME_AND_ADDRESS);
    const addressUntil = (byAddress._max.at?.getTime() ?? 0) + delayAfter(byAddress._count._all, FREE_FAILURES_PER_ADDRESS);
    const until = Math.max(pairUntil, addressUntil);
    if (until > now) {
      const seconds = Math.ceil((until - now) / 1000);
      const what = pairUntil >= addressUntil ? "Too many failed sign-ins for this name from your address" : "Too many failed sign-ins from your address";
      log.info({ admin: name, address: from, failures: pair._count._all, fromAddress: byAddress._count._all, waitSeconds: seconds }, "sign-in throttled");
      return { refused: `${what} (${from || "unknown"}): try again in ${seconds} s. Sign-ins from elsewhere, and admins already signed in, are not affected.` };
    }
    await tx.loginFailure.create({ data: { admin: name, address: from, at: new Date(now) } });
    return { refused: null };
  });
}

/** The password was right: this name's failures from this address no longer count. */
export async function attemptSucceeded(db: Db, attempt: { admin: string; address: string }): Promise<void> {
  await db.$transaction((tx) => tx.loginFailure.deleteMany({ where: { admin: attempt.admin.slice(0, 100), address: attempt.address.slice(0, 100) } }));
}
