"use client";

import { buttonStyles, hintStyles } from "@/components/ui/styles";
import { ActionMessage } from "./action-message";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";

/** One button that runs an admin action with fixed form fields, its hint and its outcome. */
export function ActionButton({
  action,
  fields = {},
  label,
  hint,
  confirmText,
  tone = "secondary",
}: Readonly<{ action: AdminActionFn; fields?: Record<string, string>; label: string; hint?: string; confirmText?: string; tone?: "primary" | "secondary" | "danger" }>) {
  const { state, pending, onSubmit } = useAdminForm(action, confirmText);
  return (
    <form onSubmit={onSubmit} className="space-y-1">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" disabled={pending} className={buttonStyles[tone]}>
        {label}
      </button>
      {hint ? <p className={hintStyles}>{hint}</p> : null}
      <ActionMessage state={state} pending={pending} />
    </form>
  );
}
