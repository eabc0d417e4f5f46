"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { buttonStyles, hintStyles, inputStyles, labelStyles } from "@/components/ui/styles";
import { ActionMessage, FieldError } from "./action-message";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";
import { useResetOn } from "./use-reset-on";

export interface PaymentSettingsValues {
  currency: string;
  pointValue: string;
  fee: string;
  rounding: "nearest" | "up" | "down";
}

const FIELDS = [
  { name: "currency", label: "Currency", hint: "Three letters, e.g. GBP", width: "w-36" },
  { name: "pointValue", label: "Value of a point", hint: "Money per point, e.g. 0.01 (100 points = 1.00)", width: "w-56" },
  { name: "fee", label: "Participation fee", hint: "For each player who finished, e.g. 1.50", width: "w-56" },
] as const;

/** The session's payment settings (stored as its setting `payment`); saving shows the new amounts in the table at once. */
export function PaymentSettingsForm({ initial, action }: Readonly<{ initial: PaymentSettingsValues; action: AdminActionFn }>) {
  const router = useRouter();
  const { state, pending, onSubmit } = useAdminForm(action);
  const [values, setValues] = useState(initial);
  // Settings saved meanwhile (this form, another admin) replace what the form shows.
  useResetOn(JSON.stringify(initial), () => setValues(initial));
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  const errors = (state && !state.ok && state.fieldErrors) || {};
  const set = (name: keyof PaymentSettingsValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value }));
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `payment-${name}-error` } : {});
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Payment settings">
      <div className="flex flex-wrap items-start gap-4">
        {FIELDS.map((f) => (
          // A fixed width per field: a message under it wraps there instead of pushing the others aside.
          <div key={f.name} className={f.width}>
            <label htmlFor={`payment-${f.name}`} className={labelStyles}>
              {f.label}
            </label>
            <input id={`payment-${f.name}`} name={f.name} value={values[f.name]} onChange={set(f.name)} spellCheck={false} className={`${inputStyles} mt-1 font-mono`} {...invalid(f.name)} />
            <p className={hintStyles}>{f.hint}</p>
            <FieldError id={`payment-${f.name}-error`} messages={errors[f.name]} />
          </div>
        ))}
        <div className="w-56">
          <label htmlFor="payment-rounding" className={labelStyles}>
            Rounding
          </label>
          <select id="payment-rounding" name="rounding" value={values.rounding} onChange={set("rounding")} className={`${inputStyles} mt-1`} {...invalid("rounding")}>
            <option value="nearest">to the nearest cent</option>
            <option value="up">up</option>
            <option value="down">down</option>
          </select>
          <p className={hintStyles}>How each bonus becomes cents</p>
          <FieldError id="payment-rounding-error" messages={errors.rounding} />
        </div>
      </div>
      <button type="submit" disabled={pending} className={buttonStyles.primary}>
        Save payment settings
      </button>
      <ActionMessage state={state && (state.ok || Object.keys(errors).length === 0) ? state : null} pending={pending} />
    </form>
  );
}
