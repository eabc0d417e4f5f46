import type { ActionState } from "./action-state";

/** An action's outcome beside the control that ran it; announced to screen readers. */
export function ActionMessage({ state, pending }: Readonly<{ state: ActionState; pending?: boolean }>) {
  if (pending) return <p className="text-sm text-stone-500" role="status">Working…</p>;
  if (!state) return null;
  return (
    <p key={state.at} role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
      {state.ok ? "✓ " : ""}
      {state.message}
    </p>
  );
}

/** A field's messages under it, linked by id for aria-describedby. */
export function FieldError({ id, messages }: Readonly<{ id: string; messages?: string[] }>) {
  if (!messages?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {messages.join(" ")}
    </p>
  );
}
