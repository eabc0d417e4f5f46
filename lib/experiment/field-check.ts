import { z } from "zod";
import { formValueOf, parseField } from "./field-parse.ts";
import { choicesOf, likertBounds, sameJson, type Field } from "./fields.ts";

// Each kind's options, strict: a misspelled option (maxLenght) is an error, not silently ignored.
const num = z.number().finite();
const json: z.ZodType = z.lazy(() => z.union([z.null(), z.boolean(), num, z.string(), z.array(json), z.record(z.string(), json)]));
// An attention check (lib/engine/quality/): its expected answer is checked against the field below.
const attention = z.strictObject({ expected: json, onFail: z.enum(["flag", "screenOut"]).optional() }).optional();
const common = { label: z.string().min(1, "needs a label"), help: z.string().optional(), optional: z.boolean().optional(), prefill: z.boolean().optional(), attention };
const bounded = { min: num.optional(), max: num.optional(), step: num.positive("step must be greater than 0").optional() };
const whole = z.number().int("must be a whole number");
const wholeBounded = { min: whole.optional(), max: whole.optional(), step: whole.positive("step must be greater than 0").optional() };
const text = { minLength: z.number().int().nonnegative().optional(), maxLength: z.number().int().positive().optional(), placeholder: z.string().optional() };
const choices = z.array(z.union([z.tuple([json, z.string()]), json])).min(1, "needs at least one choice");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dates are written YYYY-MM-DD");
const decimalBound = z.union([num, z.string().regex(/^[+-]?\d+(\.\d+)?$/, "must be a number")]);

const ZField = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("string"), ...common, ...text, default: z.string().optional() }),
  z.strictObject({ kind: z.literal("textarea"), ...common, ...text, rows: z.number().int().positive().optional(), default: z.string().optional() }),
  z.strictObject({ kind: z.literal("email"), ...common, placeholder: z.string().optional(), default: z.string().optional() }),
  z.strictObject({ kind: z.literal("integer"), ...common, ...wholeBounded, default: z.number().int().optional() }),
  z.strictObject({ kind: z.literal("float"), ...common, ...bounded, default: num.optional() }),
  z.strictObject({ kind: z.literal("range"), ...common, min: num, max: num, step: bounded.step, labelMin: z.string().optional(), labelMax: z.string().optional(), default: num.optional() }),
  z.strictObject({ kind: z.literal("decimal"), ...common, places: z.number().int().min(0).max(10), min: decimalBound.optional(), max: decimalBound.optional(), default: z.string().optional() }),
  z.strictObject({ kind: z.literal("boolean"), ...common, default: z.boolean().optional() }),
  z.strictObject({ kind: z.literal("radio"), ...common, choices, default: json.optional(), layout: z.enum(["vertical", "horizontal"]).optional() }),
  z.strictObject({ kind: z.literal("select"), ...common, choices, default: json.optional(), placeholder: z.string().optional() }),
  z.strictObject({ kind: z.literal("checkboxes"), ...common, choices, min: z.number().int().nonnegative().optional(), max: z.number().int().positive().optional(), default: z.array(json).optional() }),
  z.strictObject({ kind: z.literal("likert"), ...common, min: z.number().int().optional(), max: z.number().int().optional(), labelMin: z.string().optional(), labelMax: z.string().optional(), default: z.number().int().optional() }),
  z.strictObject({ kind: z.literal("date"), ...common, min: isoDate.optional(), max: isoDate.optional(), default: isoDate.optional() }),
]);

export const FIELD_KINDS = ZField.options.map((o) => o.shape.kind.value);

/** Why a field definition is wrong, or null. Used when an app loads. */
export function fieldProblem(field: unknown): string | null {
  const kind = (field as { kind?: unknown } | null)?.kind;
  if (typeof kind !== "string" || !(FIELD_KINDS as string[]).includes(kind)) {
    return `unknown field kind ${JSON.stringify(kind)}; use one of ${FIELD_KINDS.join(", ")}`;
  }
  const parsed = ZField.safeParse(field);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === "unrecognized_keys") return `unknown option${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")} for ${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind} field`;
    return `${issue.path.length ? `option ${issue.path.join(".")}: ` : ""}${issue.message}`;
  }
  return crossProblem(field as Field);
}

function crossProblem(f: Field): string | null {
  const lo = "min" in f ? f.min : undefined;
  const hi = "max" in f ? f.max : undefined;
  // Dates compare as text (YYYY-MM-DD sorts by date); everything else as numbers.
  const above = f.kind === "date" ? String(lo) > String(hi) : Number(lo) > Number(hi);
  if (lo !== undefined && hi !== undefined && above) return `min (${lo}) is greater than max (${hi})`;
  if ((f.kind === "string" || f.kind === "textarea") && f.minLength !== undefined && f.maxLength !== undefined && f.minLength > f.maxLength)
    return `minLength (${f.minLength}) is greater than maxLength (${f.maxLength})`;
  if (f.kind === "likert") {
    const { min, max } = likertBounds(f);
    if (max - min < 1 || max - min > 20) return "a likert scale needs 2 to 21 points";
  }
  if (f.kind === "radio" || f.kind === "select" || f.kind === "checkboxes") {
    const values = choicesOf(f).map(([v]) => v);
    const dup = values.find((v, i) => values.findIndex((w) => sameJson(v, w)) !== i);
    if (dup !== undefined) return `the choice ${JSON.stringify(dup)} is listed twice`;
    if (f.kind === "checkboxes" && f.max !== undefined && f.max > values.length) return `max (${f.max}) is more than the ${values.length} choices`;
    if (f.kind === "checkboxes" && (f.min ?? 0) > values.length) return `min (${f.min}) is more than the ${values.length} choices`;
  }
  if (f.default !== undefined) {
    const back = parseField({ ...f, optional: true } as Field, formValueOf(f, f.default));
    if (!back.ok || !sameJson(back.value, f.default)) return `the default ${JSON.stringify(f.default)} is not a valid answer${back.ok ? "" : `: ${back.error}`}`;
  }
  if (f.attention !== undefined) {
    // An expected answer nobody can give would flag everyone.
    const back = parseField({ ...f, optional: true } as Field, formValueOf(f, f.attention.expected));
    if (!back.ok || !sameJson(back.value, f.attention.expected)) return `the attention check's expected answer ${JSON.stringify(f.attention.expected)} is not a valid answer${back.ok ? "" : `: ${back.error}`}`;
  }
  return null;
}
