import type { ReactNode } from "react";
import { choicesOf, likertBounds, maxLengthOf, type Field } from "@/lib/experiment";
import { RangeValue } from "./range-value";
import { t, type Locale } from "@/lib/i18n";

const box =
  "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 shadow-xs focus:border-emerald-600 aria-[invalid=true]:border-red-600";

interface Props {
  name: string;
  field: Field;
  /** what the input shows: the typed text, or the chosen indices of a checkbox group */
  value: string | string[];
  error?: string;
  locale: Locale;
}

/** One form field as plain HTML: works without JavaScript, errors linked for screen readers. */
export function FieldInput({ name, field, value, error, locale }: Readonly<Props>) {
  const id = `field-${name}`;
  const describedBy = [field.help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const aria = { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy };
  const help = field.help ? (
    <p id={`${id}-help`} className="mt-1 text-sm text-stone-500">
      {field.help}
    </p>
  ) : null;
  const errorLine = (
    <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700" aria-live="polite">
      {error}
    </p>
  );
  const single = typeof value === "string" ? value : (value[0] ?? "");
  const required = !field.optional;

  const group = (legend: ReactNode, body: ReactNode) => (
    <fieldset className="space-y-2" aria-describedby={describedBy} data-field={name} data-kind={field.kind}>
      <legend className="font-medium">{legend}</legend>
      {help}
      {body}
      {errorLine}
    </fieldset>
  );
  const labelled = (input: ReactNode) => (
    <div data-field={name} data-kind={field.kind}>
      <label htmlFor={id} className="font-medium">
        {field.label}
      </label>
      {help}
      {input}
      {errorLine}
    </div>
  );

  switch (field.kind) {
    case "radio":
    case "checkboxes": {
      const type = field.kind === "radio" ? "radio" : "checkbox";
      const chosen = new Set(typeof value === "string" ? [value] : value);
      const horizontal = field.kind === "radio" && field.layout === "horizontal";
      return group(
        field.label,
        <div className={horizontal ? "flex flex-wrap gap-x-6 gap-y-2" : "space-y-2"}>
          {choicesOf(field).map(([, label], i) => (
            <label key={i} className="flex cursor-pointer items-center gap-2">
              <input
                type={type}
                name={name}
                value={String(i)}
                defaultChecked={chosen.has(String(i))}
                required={type === "radio" && required}
                {...aria}
                className="size-4 accent-emerald-700"
              />
              <span>{label}</span>
            </label>
          ))}
        </div>,
      );
    }
    case "likert": {
      const { min, max } = likertBounds(field);
      const points = Array.from({ length: max - min + 1 }, (_, i) => min + i);
      return group(
        field.label,
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          {field.labelMin ? <span className="text-stone-500">{field.labelMin}</span> : null}
          <div className="flex gap-1">
            {points.map((n) => (
              <label key={n} className="flex cursor-pointer flex-col items-center gap-1 rounded-md px-2 py-1 hover:bg-stone-100">
                <input type="radio" name={name} value={String(n)} defaultChecked={single === String(n)} required={required} {...aria} className="size-4 accent-emerald-700" />
                <span>{n}</span>
              </label>
            ))}
          </div>
          {field.labelMax ? <span className="text-stone-500">{field.labelMax}</span> : null}
        </div>,
      );
    }
    case "boolean":
      return (
        <div data-field={name} data-kind="boolean">
          <label className="flex cursor-pointer items-start gap-2">
            <input type="checkbox" name={name} value="1" id={id} defaultChecked={single === "1"} required={required} {...aria} className="mt-1 size-4 accent-emerald-700" />
            <span className="font-medium">{field.label}</span>
          </label>
          {help}
          {errorLine}
        </div>
      );
    case "select":
      return labelled(
        <select id={id} name={name} defaultValue={single} required={required} {...aria} className={box}>
          <option value="">{field.placeholder ?? t(locale, "field.selectPlaceholder")}</option>
          {choicesOf(field).map(([, label], i) => (
            <option key={i} value={String(i)}>
              {label}
            </option>
          ))}
        </select>,
      );
    case "textarea":
      return labelled(
        <textarea id={id} name={name} rows={field.rows ?? 4} minLength={field.minLength} maxLength={maxLengthOf(field)} placeholder={field.placeholder} defaultValue={single} required={required} {...aria} className={box} />,
      );
    case "range": {
      const start = single || String(field.default ?? (field.min + field.max) / 2);
      return labelled(
        <div className="mt-2">
          <div className="flex items-center gap-3">
            {field.labelMin ? <span className="text-sm text-stone-500">{field.labelMin}</span> : null}
            <input id={id} type="range" name={name} min={field.min} max={field.max} step={field.step ?? 1} defaultValue={start} {...aria} className="w-full accent-emerald-700" />
            {field.labelMax ? <span className="text-sm text-stone-500">{field.labelMax}</span> : null}
          </div>
          <RangeValue inputId={id} initial={start} />
        </div>,
      );
    }
    default: {
      const input = {
        string: { type: "text", minLength: field.kind === "string" ? field.minLength : undefined, maxLength: field.kind === "string" ? maxLengthOf(field) : undefined },
        email: { type: "email", autoComplete: "email" },
        integer: { type: "number", inputMode: "numeric" as const, step: field.kind === "integer" ? (field.step ?? 1) : undefined },
        float: { type: "number", inputMode: "decimal" as const, step: field.kind === "float" ? (field.step ?? "any") : undefined },
        // text, not number: decimals accept a comma and keep every digit as typed
        decimal: { type: "text", inputMode: "decimal" as const },
        date: { type: "date" },
      }[field.kind];
      const bounds = field.kind === "integer" || field.kind === "float" || field.kind === "date" ? { min: field.min, max: field.max } : {};
      const placeholder = field.kind === "string" || field.kind === "email" ? field.placeholder : undefined;
      return labelled(<input id={id} name={name} {...input} {...bounds} placeholder={placeholder} defaultValue={single} required={required} {...aria} className={box} />);
    }
  }
}
