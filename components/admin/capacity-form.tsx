"use client";

import { useState } from "react";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { ActionMessage, FieldError } from "./action-message";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";
import { useResetOn } from "./use-reset-on";

/** Sets or lifts the room's capacity while its session runs. */
export function CapacityForm({ room, capacity, action }: Readonly<{ room: string; capacity: number | null; action: AdminActionFn }>) {
  const { state, pending, onSubmit } = useAdminForm(action);
  const [limit, setLimit] = useState(capacity !== null);
  const [value, setValue] = useState(String(capacity ?? ""));
  // A capacity stored meanwhile (this action, another admin) replaces what the form shows.
  useResetOn(capacity, () => {
    setLimit(capacity !== null);
    setValue(String(capacity ?? ""));
  });
  const errors = (state && !state.ok && state.fieldErrors) || {};
  return (
    <form onSubmit={onSubmit} className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="limit" checked={limit} onChange={(e) => setLimit(e.target.checked)} className="h-4 w-4 rounded border-stone-300 accent-emerald-700" />
          Limit capacity to
        </label>
        <label htmlFor={`capacity-${room}`} className="sr-only">
          Capacity
        </label>
        <input
          id={`capacity-${room}`}
          name="capacity"
          inputMode="numeric"
          disabled={!limit}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={errors.capacity ? true : undefined}
          aria-describedby={errors.capacity ? `capacity-${room}-error` : undefined}
          className={`${inputStyles} max-w-24`}
        />
        <button type="submit" disabled={pending} className={buttonStyles.secondary}>
          Set
        </button>
      </div>
      <FieldError id={`capacity-${room}-error`} messages={errors.capacity} />
      <ActionMessage state={state && (state.ok || !errors.capacity) ? state : null} pending={pending} />
    </form>
  );
}
