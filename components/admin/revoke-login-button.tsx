"use client";

import { buttonStyles } from "@/components/ui/styles";
import { ActionMessage } from "./action-message";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";

export function RevokeLoginButton({ id, action, own }: Readonly<{ id: number; action: AdminActionFn; own: boolean }>) {
  const { state, pending, onSubmit } = useAdminForm(action, own ? "Revoke your own login? You will be signed out." : "Revoke this login? Its browser is signed out at once.");
  // Done: the row stays (until the page is reloaded) with the outcome instead of the button.
  if (state?.ok) return <ActionMessage state={state} />;
  return (
    <form onSubmit={onSubmit} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className={`${buttonStyles.danger} px-2 py-1 text-xs`}>
        Revoke
      </button>
      <ActionMessage state={state} pending={pending} />
    </form>
  );
}
