import crypto from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

// scrypt with N=2^15 takes ~60 ms here: slow for a guesser, fine for a person signing in.
const COST = 2 ** 15;
const BLOCK_SIZE = 8;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;
const HASH_PATTERN = /^scrypt\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/** The shortest clear-text admin password accepted at start. */
export const MIN_PASSWORD_LENGTH = 8;

/** "scrypt$N$r$salt$key" (base64): what the environment may hold instead of a clear-text password. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N: COST, r: BLOCK_SIZE, p: 1, maxmem: MAX_MEMORY });
  return `scrypt$${COST}$${BLOCK_SIZE}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export function isPasswordHash(value: string): boolean {
  return HASH_PATTERN.test(value);
}

/** Compares in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const m = HASH_PATTERN.exec(hash);
  if (!m) return false;
  const [, n, r, salt, key] = m;
  const expected = Buffer.from(key!, "base64");
  if (expected.length < 16) return false;
  const actual = await scrypt(password, Buffer.from(salt!, "base64"), expected.length, { N: Number(n), r: Number(r), p: 1, maxmem: MAX_MEMORY });
  return crypto.timingSafeEqual(actual, expected);
}

/** Equal strings, compared in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const da = crypto.createHash("sha256").update(a).digest();
  const dbuf = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(da, dbuf);
}
