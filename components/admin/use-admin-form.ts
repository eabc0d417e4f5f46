"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import { failed, type ActionState } from "./action-state";

export type AdminActionFn = (previous: ActionState, form: FormData) => Promise<ActionState>;

/** The server refuses a server action body over 1 MB (lib/server/request-gate.ts): said here before sending. */
const BODY_LIMIT = 1024 * 1024;

function formBytes(data: FormData): number {
  let bytes = 0;
  for (const [name, value] of data) bytes += name.length + (typeof value === "string" ? new Blob([value]).size : value.size) + 100;
  return bytes;
}

/**
 * Runs a server action from a form's submit without React's automatic form reset, so what
 * the admin typed stays in place when the server says no. A form too large to send, or an
 * answer that never came (the server refused it, the connection dropped), is shown in the
 * form like any other refusal rather than as a crashed page.
 */
export function useAdminForm(action: AdminActionFn, confirmText?: string) {
  const [state, dispatch, pending] = useActionState(async (previous: ActionState, form: FormData): Promise<ActionState> => {
    const bytes = formBytes(form);
    if (bytes > BODY_LIMIT) return failed(413, `This form is too large to send (${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is 1 MB). Nothing was changed.`);
    try {
      return await action(previous, form);
    } catch {
      return failed(502, "The server did not answer this action (a refused request or a lost connection). Reload the page to see whether it was done.");
    }
  }, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (confirmText && !window.confirm(confirmText)) return;
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(data));
  };
  return { state, pending, onSubmit };
}
