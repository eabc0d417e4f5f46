import type { ReactNode } from "react";
import { t, type Locale } from "@/lib/i18n";

export function WaitMessage({ locale }: Readonly<{ locale: Locale }>) {
  return (
    <div className="flex items-center gap-3" aria-live="polite">
      <span className="inline-block size-5 animate-spin rounded-full border-2 border-emerald-700 border-t-transparent" aria-hidden="true" />
      <p>
        {t(locale, "wait.message")}
        <noscript> {t(locale, "wait.noscript")}</noscript>
      </p>
    </div>
  );
}

/**
 * A wait page: with JavaScript it moves on when the server pushes; without, the Continue
 * button asks the server again (it answers with the next page once everyone is there).
 */
export function WaitForm({ locale, position, path, round, children }: Readonly<{ locale: Locale; position: number; path: string; round: number | null; children: ReactNode }>) {
  return (
    <form method="post" action="submit/" className="space-y-6" data-page={path} data-round={round ?? undefined} data-wait="">
      <input type="hidden" name="_position" value={position} />
      {children}
      <noscript>
        <div className="flex justify-end">
          <button type="submit" className="rounded-lg bg-emerald-700 px-5 py-2.5 font-medium text-white shadow-sm hover:bg-emerald-800">
            {t(locale, "form.continue")}
          </button>
        </div>
      </noscript>
    </form>
  );
}
