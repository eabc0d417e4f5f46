"use client";

import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { buttonStyles, inputStyles, labelStyles } from "@/components/ui/styles";

const DASHBOARD = "/admin/dashboard/";

/**
 * Password sign-in, or the auto-login link: its token is in the URL fragment, which the
 * browser never sends or logs; this form posts it once and removes it from the address bar.
 */
export function LoginForm({ signedIn, autoLogin }: Readonly<{ signedIn: boolean; autoLogin: "offered" | "unavailable" | "off"}>) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reveal, setReveal] = useState(false);
  const started = useRef(false);

  async function send(credentials: Record<string, string>) {
    setBusy(true);
    setError(null);
    const result = await signIn("admin", { ...credentials, redirect: false });
    if (result?.ok && !result.error) {
      window.location.assign(DASHBOARD);
      return;
    }
    setBusy(false);
    setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Signing in failed. Please try again.");
  }

  useEffect(() => {
    const token = window.location.hash.slice(1);
    if (token) history.replaceState(null, "", window.location.pathname + window.location.search);
    if (signedIn) return window.location.replace(DASHBOARD);
    if (!token || started.current) return;
    started.current = true;
    void send({ token });
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const message = error ? (
    <p role="alert" className="mb-4 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {error}
    </p>
  ) : null;

  if (signedIn) return <p role="status" className="text-sm text-stone-700">You are signed in. Opening the dashboard…</p>;

  if (autoLogin === "unavailable") {
    return (
      <p className="text-sm text-stone-700">
        The sign-in link is only offered while the server listens on a loopback address (127.0.0.1). Set{" "}
        <code className="rounded bg-stone-100 px-1">SPROUT_ADMIN_PASSWORD_ADMIN</code> and restart to sign in with a password.
      </p>
    );
  }

  if (autoLogin === "offered") {
    return (
      <div className="text-sm text-stone-700">
        {message}
        {busy ? (
          <p role="status">Signing you in…</p>
        ) : (
          <p>
            Open the sign-in link the server printed when it started (it ends in <code className="rounded bg-stone-100 px-1">/admin/login/#…</code>). To sign in
            with a password instead, set <code className="rounded bg-stone-100 px-1">SPROUT_ADMIN_PASSWORD_ADMIN</code> and restart.
          </p>
        )}
      </div>
    );
  }

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        void send({ admin: String(form.get("admin") ?? ""), password: String(form.get("password") ?? "") });
      }}
    >
      {message}
      <div>
        <label htmlFor="admin" className={labelStyles}>
          Admin name
        </label>
        <input id="admin" name="admin" required autoComplete="username" autoFocus className={`${inputStyles} mt-1`} />
      </div>
      <div>
        <label htmlFor="password" className={labelStyles}>
          Password
        </label>
        <div className="mt-1 flex gap-2">
          <input id="password" name="password" required type={reveal ? "text" : "password"} autoComplete="current-password" className={inputStyles} />
          <button type="button" className={buttonStyles.secondary} aria-pressed={reveal} onClick={() => setReveal((r) => !r)}>
            {reveal ? "Hide" : "Show"}
          </button>
        </div>
      </div>
      <button type="submit" disabled={busy} className={`${buttonStyles.primary} w-full py-2`}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
