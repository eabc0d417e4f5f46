import type { Field } from "@/lib/experiment";

const inputClass =
  "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 shadow-xs focus:border-emerald-600 aria-[invalid=true]:border-red-600";

/** One form field as plain HTML: works without JavaScript, errors linked for screen readers. */
export function FieldInput({ name, field, value, error }: Readonly<{ name: string; field: Field; value: string; error?: string }>) {
  const id = `field-${name}`;
  const describedBy = [field.help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = { name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy, required: !field.optional };
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

  if (field.kind === "radio") {
    return (
      <fieldset className="space-y-2" aria-describedby={describedBy}>
        <legend className="font-medium">{field.label}</legend>
        {help}
        <div className={field.layout === "horizontal" ? "flex flex-wrap gap-4" : "space-y-2"}>
          {field.choices.map(([, label], i) => (
            <label key={i} className="flex cursor-pointer items-center gap-2">
              <input type="radio" {...common} value={String(i)} defaultChecked={value === String(i)} className="size-4 accent-emerald-700" />
              <span>{label}</span>
            </label>
          ))}
        </div>
        {errorLine}
      </fieldset>
    );
  }
  return (
    <div>
      <label htmlFor={id} className="font-medium">
        {field.label}
      </label>
      {help}
      {field.kind === "integer" ? (
        <input id={id} type="number" inputMode="numeric" step={1} min={field.min} max={field.max} defaultValue={value} className={inputClass} {...common} />
      ) : (
        <input id={id} type="text" minLength={field.minLength} maxLength={field.maxLength} placeholder={field.placeholder} defaultValue={value} className={inputClass} {...common} />
      )}
      {errorLine}
    </div>
  );
}
