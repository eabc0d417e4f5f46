import type { ReactNode } from "react";
import { t, type Locale } from "@/lib/i18n";

const button = "rounded-lg px-5 py-2.5 font-medium shadow-sm";

/**
 * A participant page's form: a plain POST to the submit route beside the page, carrying the
 * position it was rendered for so a stale tab or double click cannot move the player twice.
 */
export function PageForm({
  position,
  id,
  children,
  locale,
  button: label = t(locale, "form.next"),
  back = false,
  path,
  round,
}: Readonly<{ locale: Locale; position: number; id?: string; children?: ReactNode; button?: string; back?: boolean; path?: string; round?: number | null }>) {
  return (
    <form method="post" action="submit/" id={id} className="space-y-6" data-page={path} data-round={round ?? undefined}>
      <input type="hidden" name="_position" value={position} />
      {children}
      {/* Next comes first in the markup: Enter submits with a form's first button, never Back. */}
      <div className="flex flex-row-reverse items-center justify-between gap-3 pt-2">
        <button type="submit" className={`${button} bg-emerald-700 text-white hover:bg-emerald-800 active:bg-emerald-900`}>
          {label}
        </button>
        {back ? (
          // formNoValidate: going back saves nothing, so the browser must not demand the fields.
          <button type="submit" name="_back" value="1" formNoValidate className={`${button} border border-stone-300 bg-white text-stone-800 hover:bg-stone-50`}>
            {t(locale, "form.back")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
