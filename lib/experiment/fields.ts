/**
 * Form fields: what a page asks of the participant. Each field is validated on the server
 * from its definition (field-parse.ts); the browser only gets HTML hints. Options are
 * checked when the app loads (field-check.ts).
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A choice: its stored value and the label shown; a bare value is its own label. */
export type Choice = JsonValue | readonly [JsonValue, string];

interface FieldCommon {
  /** The question, shown above the input. */
  label: string;
  /** A smaller explanation under the label. */
  help?: string;
  /** Fields are required unless marked optional; an empty optional field stores null. */
  optional?: boolean;
  /** Show the player's stored value in the input when the page is shown (overrides the page's `prefill`). */
  prefill?: boolean;
  /**
   * Makes this an attention check: an answer other than `expected` is flagged "attention"
   * (docs/data-quality.md); with `onFail: "screenOut"` the participant is also screened out
   * (the config's screenOut address or code).
   * @example attention: { expected: 3, onFail: "screenOut" }
   */
  attention?: AttentionCheck;
}

/** An attention check's expected answer and what a wrong one leads to (default: flagged only). */
export interface AttentionCheck {
  expected: JsonValue;
  onFail?: "flag" | "screenOut";
}

interface Bounded {
  min?: number;
  max?: number;
  /** The grid values must lie on, counted from `min` (or 0). */
  step?: number;
}

export interface StringField extends FieldCommon {
  kind: "string";
  default?: string;
  minLength?: number;
  maxLength?: number;
  placeholder?: string;
}
export interface TextareaField extends FieldCommon {
  kind: "textarea";
  default?: string;
  minLength?: number;
  maxLength?: number;
  placeholder?: string;
  rows?: number;
}
export interface IntegerField extends FieldCommon, Bounded {
  kind: "integer";
  default?: number;
}
export interface FloatField extends FieldCommon, Bounded {
  kind: "float";
  default?: number;
}
export interface DecimalField extends FieldCommon {
  kind: "decimal";
  /** Decimals are stored as strings with exactly `places` decimal places ("12.50"), so no cent is lost. */
  places: number;
  default?: string;
  min?: string | number;
  max?: string | number;
}
export interface BooleanField extends FieldCommon {
  kind: "boolean";
  /** A required checkbox must be ticked (consent); an optional one stores true or false. */
  default?: boolean;
}
export interface RadioField extends FieldCommon {
  kind: "radio";
  /** [stored value, label] pairs; the stored value keeps its type (a radio of booleans stores booleans). */
  choices: readonly Choice[];
  default?: JsonValue;
  layout?: "vertical" | "horizontal";
}
export interface SelectField extends FieldCommon {
  kind: "select";
  choices: readonly Choice[];
  default?: JsonValue;
  /** The empty first entry's text. */
  placeholder?: string;
}
export interface CheckboxesField extends FieldCommon {
  kind: "checkboxes";
  choices: readonly Choice[];
  /** Stores the list of chosen values; at least `min` (default 1, or 0 when optional) and at most `max`. */
  min?: number;
  max?: number;
  default?: readonly JsonValue[];
}
export interface LikertField extends FieldCommon {
  kind: "likert";
  /** Points from `min` to `max` (default 1 to 5), stored as the chosen integer. */
  min?: number;
  max?: number;
  labelMin?: string;
  labelMax?: string;
  default?: number;
}
export interface RangeField extends FieldCommon {
  kind: "range";
  min: number;
  max: number;
  step?: number;
  labelMin?: string;
  labelMax?: string;
  /** Where the slider starts; the middle of the scale when not given. */
  default?: number;
}
export interface DateField extends FieldCommon {
  kind: "date";
  /** "YYYY-MM-DD" */
  default?: string;
  min?: string;
  max?: string;
}
export interface EmailField extends FieldCommon {
  kind: "email";
  default?: string;
  placeholder?: string;
}

export type Field =
  | StringField
  | TextareaField
  | IntegerField
  | FloatField
  | DecimalField
  | BooleanField
  | RadioField
  | SelectField
  | CheckboxesField
  | LikertField
  | RangeField
  | DateField
  | EmailField;

export type FieldKind = Field["kind"];
export type ChoiceField = RadioField | SelectField | CheckboxesField;

type Options<F extends Field> = Omit<F, "kind">;

/** The stored value of a choice: the first of a [value, label] pair, else the bare value. */
type ChoiceValue<C> = C extends readonly [infer V, string] ? V : C;
/** true → boolean (a radio of [[true, "Yes"], [false, "No"]] stores a boolean, not just true | false). */
type Widen<V> = V extends boolean ? boolean : V;

/**
 * The value a field stores, from its definition: text kinds a string, number kinds a number,
 * a checkbox a boolean, a choice field one of its choices' values (checkboxes: a list of them);
 * an optional field may also be null. It types `validate`, `player.get(page, key)` and bot scripts.
 */
export type FieldValue<F> = (F extends { kind: "string" | "textarea" | "email" | "date" | "decimal" }
  ? string
  : F extends { kind: "integer" | "float" | "likert" | "range" }
    ? number
    : F extends { kind: "boolean" }
      ? boolean
      : F extends { kind: "radio" | "select"; choices: readonly (infer C)[] }
        ? Widen<ChoiceValue<C>>
        : F extends { kind: "checkboxes"; choices: readonly (infer C)[] }
          ? Widen<ChoiceValue<C>>[]
          : F extends { kind: "json"; valueType?: infer T }
            ? T
            : JsonValue) | (F extends { optional: true } ? null : never);

/**
 * A value only code stores (an app's declared field, see `stored`): any JSON, typed by `T`; no
 * page asks for it, so it has no input and no checks of its own.
 */
export interface JsonField<T extends JsonValue = JsonValue> {
  kind: "json";
  /** What the value is, for the data dictionary. */
  label: string;
  help?: string;
  /** Only carries `T` for the compiler; never set. */
  readonly valueType?: T;
}

/** What an app's declared fields can be: any form field kind (its type and bounds document the value), or `json<T>()`. */
export type StoredField = Field | JsonField;

/** The values of a page's fields, by name. */
export type FieldValues<F> = { readonly [K in keyof F]: FieldValue<F[K]> };

// The builders keep the options' literal types (`const`), so a radio's choices and `optional: true`
// reach FieldValue. The options replace the field's own declarations of the same keys (an
// intersection would merge a radio's literal choices with Choice[] and lose them).
type Built<F extends Field, O> = Omit<F, keyof O> & O;
/** A line of text. @example string({ label: "Your name", maxLength: 80 }) */
export const string = <const O extends Options<StringField>>(o: O): Built<StringField, O> => ({ kind: "string", ...o });
/** Several lines of text. @example textarea({ label: "Comments", optional: true, rows: 4 }) */
export const textarea = <const O extends Options<TextareaField>>(o: O): Built<TextareaField, O> => ({ kind: "textarea", ...o });
/** A whole number. @example integer({ label: "Your age", min: 18, max: 120 }) */
export const integer = <const O extends Options<IntegerField>>(o: O): Built<IntegerField, O> => ({ kind: "integer", ...o });
/** A number with decimals. @example float({ label: "Your guess", min: 0, max: 1, step: 0.01 }) */
export const float = <const O extends Options<FloatField>>(o: O): Built<FloatField, O> => ({ kind: "float", ...o });
/** An exact amount, stored as a string. @example decimal({ label: "Offer (€)", places: 2, min: 0, max: 10 }) */
export const decimal = <const O extends Options<DecimalField>>(o: O): Built<DecimalField, O> => ({ kind: "decimal", ...o });
/** A checkbox. @example boolean({ label: "I agree to take part" }) */
export const boolean = <const O extends Options<BooleanField>>(o: O): Built<BooleanField, O> => ({ kind: "boolean", ...o });
/** One of several choices, as radio buttons. @example radio({ label: "Cooperate?", choices: [[true, "Yes"], [false, "No"]] }) */
export const radio = <const O extends Options<RadioField>>(o: O): Built<RadioField, O> => ({ kind: "radio", ...o });
/** One of several choices, as a drop-down. @example select({ label: "Country", choices: ["DE", "FR"] }) */
export const select = <const O extends Options<SelectField>>(o: O): Built<SelectField, O> => ({ kind: "select", ...o });
/** Any number of choices. @example checkboxes({ label: "Languages", choices: ["en", "de", "fr"], max: 2 }) */
export const checkboxes = <const O extends Options<CheckboxesField>>(o: O): Built<CheckboxesField, O> => ({ kind: "checkboxes", ...o });
/** A rating scale. @example likert({ label: "I enjoyed this", min: 1, max: 7, labelMin: "Not at all", labelMax: "Very much" }) */
export const likert = <const O extends Options<LikertField>>(o: O): Built<LikertField, O> => ({ kind: "likert", ...o });
/** A slider. @example range({ label: "How much do you give?", min: 0, max: 100, step: 5 }) */
export const range = <const O extends Options<RangeField>>(o: O): Built<RangeField, O> => ({ kind: "range", ...o });
/** A calendar date, stored as "YYYY-MM-DD". @example date({ label: "Date of birth", max: "2010-12-31" }) */
export const date = <const O extends Options<DateField>>(o: O): Built<DateField, O> => ({ kind: "date", ...o });
/** An e-mail address. @example email({ label: "Where should we send your payment?" }) */
export const email = <const O extends Options<EmailField>>(o: O): Built<EmailField, O> => ({ kind: "email", ...o });

/**
 * Any JSON value code stores, typed by `T` (for an app's declared fields: lists, objects).
 * @example json<number[]>({ label: "The rounds the player timed out in" })
 */
export const json = <T extends JsonValue = JsonValue>(o: { label: string; help?: string }): JsonField<T> => ({ kind: "json", ...o });

/** The [value, label] pairs of a choice field. */
export function choicesOf(field: ChoiceField): (readonly [JsonValue, string])[] {
  return field.choices.map((c) => (isPair(c) ? c : [c as JsonValue, String(c)]));
}

function isPair(c: Choice): c is readonly [JsonValue, string] {
  return Array.isArray(c) && c.length === 2 && typeof c[1] === "string";
}

/** Text is bounded even when the app sets no maxLength: the field log keeps every write forever. */
export const DEFAULT_MAX_LENGTH = { string: 1_000, textarea: 20_000 } as const;
export const maxLengthOf = (f: StringField | TextareaField) => f.maxLength ?? DEFAULT_MAX_LENGTH[f.kind];

export const likertBounds = (f: LikertField) => ({ min: f.min ?? 1, max: f.max ?? 5 });

export const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
