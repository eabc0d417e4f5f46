import { adminPasswordFromEnv, adminPasswordVariable } from "../env.ts";
import { adminNames } from "../project.ts";
import { hashPassword, isPasswordHash, MIN_PASSWORD_LENGTH, verifyPassword } from "./passwords.ts";

/** The one account that may sign in by the printed auto-login link (see autoLoginConfigured). */
export const AUTO_LOGIN_ADMIN = "admin";

// Clear-text passwords from the environment are hashed once per process and only the hash is
// kept; a password given as a hash (npm run sprout -- hash-password) is used as it is.
const hashes = new Map<string, Promise<string>>();
let dummyHash: Promise<string> | undefined;

function passwordHash(admin: string): Promise<string> | undefined {
  const configured = adminPasswordFromEnv(admin);
  if (configured === undefined) return undefined;
  let hash = hashes.get(admin);
  if (!hash) {
    hash = isPasswordHash(configured) ? Promise.resolve(configured) : hashPassword(configured);
    hashes.set(admin, hash);
  }
  return hash;
}

/**
 * True when the project's only admin is "admin" and no password is set for it: then (and
 * only on a loopback address) the server prints an auto-login link instead.
 */
export function autoLoginConfigured(): boolean {
  const names = adminNames();
  return names.length === 1 && names[0] === AUTO_LOGIN_ADMIN && adminPasswordFromEnv(AUTO_LOGIN_ADMIN) === undefined;
}

/** Problems that stop the server from starting (a password too short, two admins sharing one variable). */
export function accountProblems(): string[] {
  const byVariable = new Map<string, string>();
  return adminNames().flatMap((name) => {
    const variable = adminPasswordVariable(name);
    const other = byVariable.get(variable);
    byVariable.set(variable, name);
    if (other !== undefined) return [`admins "${other}" and "${name}" would share the password variable ${variable}: rename one`];
    const value = adminPasswordFromEnv(name);
    if (value === undefined || isPasswordHash(value) || value.length >= MIN_PASSWORD_LENGTH) return [];
    return [`${variable} is shorter than ${MIN_PASSWORD_LENGTH} characters`];
  });
}

/** Admins who cannot sign in because no password is set (auto-login aside), for the start-up output. */
export function adminsWithoutPassword(): string[] {
  if (autoLoginConfigured()) return [];
  return adminNames().filter((name) => adminPasswordFromEnv(name) === undefined);
}

/**
 * True when `password` is the named admin's. Unknown names and admins without a password
 * cost one hash comparison too, so timing does not tell which names exist.
 */
export async function checkPassword(admin: string, password: string): Promise<boolean> {
  const known = adminNames().includes(admin) ? passwordHash(admin) : undefined;
  if (!known) {
    dummyHash ??= hashPassword("sprout-dummy-password");
    await verifyPassword(password, await dummyHash);
    return false;
  }
  return verifyPassword(password, await known);
}
