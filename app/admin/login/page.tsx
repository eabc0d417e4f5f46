import type { Metadata } from "next";
import { LoginForm } from "@/components/admin/login-form";
import { autoLoginConfigured } from "@/lib/auth/accounts";
import { autoLoginIssued } from "@/lib/auth/auto-login";
import { currentAdmin } from "../_lib/auth";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: Readonly<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>) {
  // Signed in already: the form sends the browser on (after taking any token out of the address bar).
  const signedIn = (await currentAdmin()) !== null;
  const query = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center bg-stone-100 px-4">
      <div className="w-full max-w-sm rounded-2xl border border-stone-200 bg-white p-6 shadow-sm">
        <h1 className="mb-1 flex items-center gap-2 text-xl font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-emerald-500" />
          Sprout admin
        </h1>
        {query["signed-out"] !== undefined ? <p className="mb-3 text-sm text-stone-600">You are signed out.</p> : null}
        <LoginForm signedIn={signedIn} autoLogin={autoLoginConfigured() ? (autoLoginIssued() ? "offered" : "unavailable") : "off"} />
      </div>
    </main>
  );
}
