// Exact decimal arithmetic for payments: a value is an integer (bigint) with a number of
// decimal places, so 0.1 + 0.2 is 0.3 and 1,000 rounds of 0.01 points are exactly 10 points.
// Payoffs are read from their JSON text (a decimal literal), never through a float.

export interface Decimal {
  readonly units: bigint;
  /** decimal places: the value is units / 10^scale */
  readonly scale: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
/** Beyond this many places a value is no amount of money or points anyone means. */
const MAX_SCALE = 40;

export const ZERO: Decimal = { units: 0n, scale: 0 };

/** A decimal from its text ("2.50", "-3", "1e-7") or a finite JS number (through its shortest text); null if it is none. */
export function parseDecimal(input: string | number): Decimal | null {
  if (typeof input === "number" && !Number.isFinite(input)) return null;
  const m = DECIMAL.exec(String(input).trim());
  if (!m) return null;
  const [, sign, whole, fraction = "", exponent = "0"] = m;
  let scale = fraction.length - Number(exponent);
  let digits = whole! + fraction;
  if (scale < 0) {
    if (-scale > MAX_SCALE) return null;
    digits += "0".repeat(-scale);
    scale = 0;
  }
  if (scale > MAX_SCALE) return null;
  const units = BigInt(digits);
  return { units: sign === "-" ? -units : units, scale };
}

const pow10 = (n: number) => 10n ** BigInt(n);
const rescale = (d: Decimal, scale: number): bigint => d.units * pow10(scale - d.scale);

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export type Rounding = "nearest" | "up" | "down";

/**
 * Rounds to `places` decimals, as an integer of those units (cents for 2): "nearest" rounds a
 * half away from zero, "up" and "down" towards plus and minus infinity.
 */
export function toMinor(d: Decimal, places: number, rounding: Rounding = "nearest"): bigint {
  if (d.scale <= places) return rescale(d, places);
  const divisor = pow10(d.scale - places);
  let q = d.units / divisor; // truncated towards zero
  const r = d.units % divisor;
  if (r === 0n) return q;
  const negative = d.units < 0n;
  if (rounding === "up") return negative ? q : q + 1n;
  if (rounding === "down") return negative ? q - 1n : q;
  const twice = (negative ? -r : r) * 2n;
  if (twice >= divisor) q += negative ? -1n : 1n;
  return q;
}

/** Minor units as text with `places` decimals: 1234n, 2 → "12.34"; -5n, 2 → "-0.05". */
export function formatMinor(minor: bigint, places: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(places + 1, "0");
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

/** A decimal as plain text without trailing zeros ("2.5", "10", "-0.001"). */
export function formatDecimal(d: Decimal): string {
  if (d.scale === 0) return d.units.toString();
  let text = formatMinor(d.units, d.scale);
  text = text.replace(/0+$/, "").replace(/\.$/, "");
  return text === "-0" ? "0" : text;
}
