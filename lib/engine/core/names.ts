import crypto from "node:crypto";

// 32 symbols without look-alikes (no 0/o, 1/l): a name read aloud or retyped survives.
const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

export function randomToken(length: number): string {
  const bytes = crypto.randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** Player names are the participant's credential: 16 symbols = 80 random bits. */
export const newPlayerName = () => randomToken(16);
/** Session names only need to be distinct and easy to read out. */
export const newSessionName = () => randomToken(8);
export const newSecret = () => randomToken(16);

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Why a custom session or player name is not allowed, or null. */
export function nameProblem(name: string, what: string): string | null {
  return NAME_PATTERN.test(name) ? null : `${what} "${name}" is not allowed: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`;
}
