"use client";

import { buttonStyles, hintStyles, inputStyles, labelStyles } from "@/components/ui/styles";
import { ActionMessage, FieldError } from "./action-message";
import { CopyButton } from "./copy-button";
import { useAdminForm, type AdminActionFn } from "./use-admin-form";

/** Makes an API token; the new token is shown here once (the server keeps only its hash). */
export function CreateTokenForm({ action }: Readonly<{ action: AdminActionFn }>) {
  const { state, pending, onSubmit } = useAdminForm(action);
  const errors = (state && !state.ok && state.fieldErrors) || {};
  return (
    <form onSubmit={onSubmit} className="space-y-3">
      <div>
        <label htmlFor="token-name" className={labelStyles}>
          Name
        </label>
        <input id="token-name" name="name" required maxLength={64} autoComplete="off" aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? "token-name-error" : "token-name-hint"} className={`${inputStyles} max-w-sm`} />
        <p id="token-name-hint" className={hintStyles}>
          Who or what uses it (e.g. <code>nightly-r-pull</code>); the audit log names it.
        </p>
        <FieldError id="token-name-error" messages={errors.name} />
      </div>
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className={labelStyles}>Scope</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="scope" value="read" defaultChecked className="accent-emerald-700" /> Read-only (configs, sessions, players, data, status)
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="scope" value="full" className="accent-emerald-700" /> Full (everything the admin pages can do)
        </label>
      </fieldset>
      <button type="submit" disabled={pending} className={buttonStyles.primary}>
        Create token
      </button>
      <ActionMessage state={state && (state.ok || !errors.name) ? state : null} pending={pending} />
      {state?.ok && state.secret ? (
        <div className="flex flex-wrap items-center gap-2 rounded-lg bg-amber-50 p-3">
          <code data-testid="new-token" className="font-mono text-sm break-all">
            {state.secret}
          </code>
          <CopyButton text={state.secret} />
        </div>
      ) : null}
    </form>
  );
}

export function RevokeTokenButton({ name, action }: Readonly<{ name: string; action: AdminActionFn }>) {
  const { state, pending, onSubmit } = useAdminForm(action, `Revoke token ${name}? Scripts using it stop working at once.`);
  if (state?.ok) return <ActionMessage state={state} />;
  return (
    <form onSubmit={onSubmit} className="flex items-center gap-2">
      <input type="hidden" name="name" value={name} />
      <button type="submit" disabled={pending} className={`${buttonStyles.danger} px-2 py-1 text-xs`}>
        Revoke
      </button>
      <ActionMessage state={state} pending={pending} />
    </form>
  );
}
