import { toScaled } from "./field-parse.ts";
import { choicesOf, likertBounds, type Field, type JsonValue } from "./fields.ts";

/** A random number in [0, 1), injectable so tests and bots can be reproducible. */
export type Rng = () => number;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

/** A value the field accepts, chosen at random within its definition (for bots and load tests). */
export function randomValidValue(field: Field, rng: Rng = Math.random): JsonValue {
  switch (field.kind) {
    case "string":
    case "textarea": {
      const length = between(rng, Math.max(field.minLength ?? 1, 1), Math.min(field.maxLength ?? 12, Math.max(field.minLength ?? 1, 12)));
      return Array.from({ length }, () => pick(rng, "abcdefghijklmnopqrstuvwxyz ".split(""))).join("").replace(/^ | $/g, "x");
    }
    case "email":
      return `bot${between(rng, 1, 99999)}@example.org`;
    case "integer":
    case "float":
    case "range": {
      const step = field.step ?? (field.kind === "float" ? 0.5 : 1);
      // One-sided bounds: a hundred steps on the open side.
      const min = field.min ?? (field.max !== undefined ? Math.min(0, field.max - 100 * step) : 0);
      const max = field.max ?? min + 100 * step;
      return Number((min + step * between(rng, 0, Math.floor((max - min) / step + 1e-9))).toFixed(10));
    }
    case "decimal": {
      const unit = 10n ** BigInt(field.places);
      const lo = toScaled(String(field.min ?? 0), field.places)!;
      const hi = field.max === undefined ? lo + 1000n * unit : toScaled(String(field.max), field.places)!;
      const scaled = lo + BigInt(Math.floor(rng() * Number(hi - lo + 1n)));
      const sign = scaled < 0n ? "-" : "";
      const abs = scaled < 0n ? -scaled : scaled;
      return field.places === 0 ? `${sign}${abs}` : `${sign}${abs / unit}.${String(abs % unit).padStart(field.places, "0")}`;
    }
    case "boolean":
      return field.optional ? rng() < 0.5 : true;
    case "radio":
    case "select":
      return pick(rng, choicesOf(field))[0];
    case "checkboxes": {
      const choices = choicesOf(field);
      const count = between(rng, field.min ?? (field.optional ? 0 : 1), field.max ?? choices.length);
      const shuffled = choices.map((c) => [rng(), c] as const).sort((a, b) => a[0] - b[0]);
      return shuffled.slice(0, count).map(([, c]) => c[0]);
    }
    case "likert": {
      const { min, max } = likertBounds(field);
      return between(rng, min, max);
    }
    case "date": {
      const year = 365 * 86_400_000;
      const hi = field.max ? Date.parse(field.max) : field.min ? Date.parse(field.min) + 30 * year : Date.parse("2010-12-31");
      const lo = field.min ? Date.parse(field.min) : hi - 60 * year;
      return new Date(lo + Math.floor(rng() * ((hi - lo) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
    }
  }
}
