"use client";

import { useState } from "react";
import { buttonStyles } from "@/components/ui/styles";
import { ActionMessage } from "./action-message";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";
import { useResetOn } from "./use-reset-on";

/**
 * While the session is paused: a banner that says so, with Resume as its main button. Once
 * resumed (from here, the session controls or another admin's tab), a line says so instead.
 */
export function PausedBanner({ active, setActive }: Readonly<{ active: boolean; setActive: AdminActionFn }>) {
  const { state, pending, onSubmit } = useAdminForm(setActive);
  const [resumed, setResumed] = useState(false);
  useResetOn(active, (wasActive) => setResumed(!wasActive && active));
  if (active) {
    return resumed ? (
      <p role="status" className="mb-4 text-sm text-emerald-800">
        ✓ Session resumed: participants continue where they were.
      </p>
    ) : null;
  }
  return (
    <section aria-labelledby="paused-heading" data-testid="paused-banner" className="mb-4 flex flex-wrap items-center justify-between gap-4 rounded-xl border-2 border-amber-400 bg-amber-50 px-5 py-4">
      <div className="min-w-0 flex-1">
        <h2 id="paused-heading" className="flex items-center gap-2 text-base font-semibold text-amber-950">
          <span aria-hidden className="inline-flex h-5 w-5 items-center justify-center gap-[3px]">
            <span className="h-3.5 w-1 rounded-sm bg-amber-700" />
            <span className="h-3.5 w-1 rounded-sm bg-amber-700" />
          </span>
          This session is paused
        </h2>
        <p className="mt-1 text-sm text-amber-900">Participants see a paused page and cannot submit; page timers wait. Resume to let everyone continue where they were.</p>
        {state && !state.ok ? <ActionMessage state={state} /> : null}
      </div>
      <form onSubmit={onSubmit}>
        <input type="hidden" name="active" value="true" />
        <button type="submit" disabled={pending} className={`${buttonStyles.primary} px-5 py-2 text-base`}>
          {pending ? "Resuming…" : "Resume session"}
        </button>
      </form>
    </section>
  );
}
