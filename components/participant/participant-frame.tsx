import type { ReactNode } from "react";

/** What kind of page this is, for bots and tests: start, page, end, paused, missing or error. */
export type PageState = "start" | "page" | "end" | "paused" | "missing" | "error" | "reconnecting" | "info" | "incomplete";

/** The calm, centered card every participant page sits in. */
export function ParticipantFrame({ title, state = "info", children }: Readonly<{ title: string; state?: PageState; children: ReactNode }>) {
  return (
    <main className="mx-auto max-w-2xl px-4 py-10 sm:py-16">
      <article data-state={state} className="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm sm:p-10">
        <h1 className="mb-6 text-2xl font-semibold tracking-tight">{title}</h1>
        <div className="space-y-4 leading-relaxed">{children}</div>
      </article>
    </main>
  );
}
