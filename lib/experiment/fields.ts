/**
 * Form fields: what a page asks of the participant. Each field validates itself on the
 * server from its definition; the participant's browser only gets the HTML hints.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

interface FieldCommon {
  /** The question, shown above the input. */
  label: string;
  /** A smaller explanation under the label. */
  help?: string;
  /** Fields are required unless marked optional; an empty optional field stores null. */
  optional?: boolean;
}

export interface StringField extends FieldCommon {
  kind: "string";
  default?: string;
  minLength?: number;
  maxLength?: number;
  placeholder?: string;
}

export interface IntegerField extends FieldCommon {
  kind: "integer";
  default?: number;
  min?: number;
  max?: number;
}

export interface RadioField extends FieldCommon {
  kind: "radio";
  /** [stored value, label] pairs; the stored value keeps its type (a radio of booleans stores booleans). */
  choices: readonly (readonly [JsonValue, string])[];
  default?: JsonValue;
  layout?: "vertical" | "horizontal";
}

export type Field = StringField | IntegerField | RadioField;

type Options<F extends Field> = Omit<F, "kind">;

/** A line of text. @example string({ label: "Your name", maxLength: 80 }) */
export const string = (o: Options<StringField>): StringField => ({ kind: "string", ...o });
/** A whole number. @example integer({ label: "Your age", min: 18, max: 120 }) */
export const integer = (o: Options<IntegerField>): IntegerField => ({ kind: "integer", ...o });
/** One of several choices. @example radio({ label: "Cooperate?", choices: [[true, "Yes"], [false, "No"]] }) */
export const radio = (o: Options<RadioField>): RadioField => ({ kind: "radio", ...o });

export type ParseResult = { ok: true; value: JsonValue } | { ok: false; error: string };

/** What the form posted for one field: absent, or the text typed/chosen. */
export type RawInput = string | undefined;

/** Validates a posted value against the field's definition. */
export function parseField(field: Field, raw: RawInput): ParseResult {
  const text = raw?.trim() ?? "";
  if (text === "") {
    if (field.optional) return { ok: true, value: null };
    return { ok: false, error: field.kind === "radio" ? "Please choose one of the options." : "This field is required." };
  }
  switch (field.kind) {
    case "string": {
      const value = raw ?? "";
      if (field.minLength !== undefined && value.length < field.minLength)
        return { ok: false, error: `Please enter at least ${field.minLength} characters.` };
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return { ok: false, error: `Please enter at most ${field.maxLength} characters.` };
      return { ok: true, value };
    }
    case "integer": {
      if (!/^[+-]?\d+$/.test(text)) return { ok: false, error: "Please enter a whole number." };
      const value = Number(text);
      if (!Number.isSafeInteger(value)) return { ok: false, error: "This number is too large." };
      if (field.min !== undefined && value < field.min) return { ok: false, error: `Please enter a number of at least ${field.min}.` };
      if (field.max !== undefined && value > field.max) return { ok: false, error: `Please enter a number of at most ${field.max}.` };
      return { ok: true, value };
    }
    case "radio": {
      // The form posts the choice's index, so any JSON value can be a choice.
      const index = /^\d+$/.test(text) ? Number(text) : -1;
      const choice = field.choices[index];
      return choice ? { ok: true, value: choice[0] } : { ok: false, error: "Please choose one of the options." };
    }
  }
}

/** The form value (as the input shows it) for a stored value, used for defaults and prefills. */
export function formValueOf(field: Field, value: JsonValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (field.kind === "radio") {
    const index = field.choices.findIndex(([v]) => JSON.stringify(v) === JSON.stringify(value));
    return index < 0 ? "" : String(index);
  }
  return String(value);
}
