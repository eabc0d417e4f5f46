"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionState } from "./action-state";

export type AdminActionFn = (previous: ActionState, form: FormData) => Promise<ActionState>;

/**
 * Runs a server action from a form's submit without React's automatic form reset, so what
 * the admin typed stays in place when the server says no.
 */
export function useAdminForm(action: AdminActionFn, confirmText?: string) {
  const [state, dispatch, pending] = useActionState(action, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (confirmText && !window.confirm(confirmText)) return;
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(data));
  };
  return { state, pending, onSubmit };
}
