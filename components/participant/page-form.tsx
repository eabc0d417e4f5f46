import type { ReactNode } from "react";

/**
 * A participant page's form: a plain POST to the submit route beside the page, carrying the
 * position it was rendered for so a stale tab or double click cannot move the player twice.
 */
export function PageForm({ position, id, children, button = "Next" }: Readonly<{ position: number; id?: string; children?: ReactNode; button?: string }>) {
  return (
    <form method="post" action="submit/" id={id} className="space-y-6">
      <input type="hidden" name="_position" value={position} />
      {children}
      <div className="flex justify-end pt-2">
        <button type="submit" className="rounded-lg bg-emerald-700 px-5 py-2.5 font-medium text-white shadow-sm hover:bg-emerald-800 active:bg-emerald-900">
          {button}
        </button>
      </div>
    </form>
  );
}
