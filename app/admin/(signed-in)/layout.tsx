import { AdminLink } from "@/components/admin/admin-link";
import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { requireAdmin } from "../_lib/auth";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: Readonly<{ children: ReactNode }>) {
  const admin = await requireAdmin();
  return (
    <div className="min-h-screen bg-stone-50">
      <header className="bg-stone-900 text-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-2">
          <div className="flex items-center gap-4">
            <AdminLink href="/admin/dashboard/" className="flex items-center gap-2 font-semibold tracking-tight">
              <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-emerald-400" />
              Sprout
            </AdminLink>
            <AdminNav />
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-stone-300">
              Signed in as <strong className="font-medium text-white">{admin.name}</strong>
            </span>
            <form action="/admin/logout/" method="post">
              <button type="submit" className="rounded-md px-2 py-1 text-stone-300 hover:bg-white/10 hover:text-white">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
