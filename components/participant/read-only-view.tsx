import type { ReactNode } from "react";
import { pageTitle } from "@/lib/experiment";
import type { ParticipantView } from "@/lib/engine/participant/view";
import { log } from "@/lib/log";
import { t } from "@/lib/i18n";
import { pageBody } from "./current-page";
import { ParticipantFrame } from "./participant-frame";
import { ReadOnlyLive } from "./read-only-live";
import { EndPage, MissingPage, PausedPage } from "./status-pages";

type PageView = Extract<ParticipantView, { kind: "page" }>;

const clock = (ms: number) => {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * What a participant's address shows, for the admin's multiview, changing nothing: no start
 * (the start page's script and form are left out), no socket, and no <form> at all, so nothing
 * on it can be submitted; its fields sit in a disabled fieldset. The countdown is a still
 * figure (the live one submits the page at zero).
 */
export async function ReadOnlyView({ view }: Readonly<{ view: ParticipantView }>) {
  switch (view.kind) {
    case "start":
      return (
        <ParticipantFrame title="Not started" state="start">
          <p>This player has not started yet. Viewing their page here does not start them.</p>
          {view.error ? <p className="text-red-800">Their last start failed: {view.error}</p> : null}
        </ParticipantFrame>
      );
    case "end":
      return <EndPage locale={view.locale} message={view.message} />;
    case "paused":
      return <PausedPage locale={view.locale} />;
    case "missing":
      return <MissingPage locale={view.locale} path={view.path} />;
    case "page":
      return <ReadOnlyPage view={view} />;
  }
}

async function ReadOnlyPage({ view }: Readonly<{ view: PageView }>) {
  let body: ReactNode;
  try {
    body = await pageBody(view);
  } catch (e) {
    log.error({ err: e, page: view.path }, "read-only page render failed");
    body = <p role="alert">This page could not be shown: {e instanceof Error ? e.message : String(e)}</p>;
  }
  const errors = view.pending?.pageErrors ?? [];
  return (
    <ReadOnlyLive>
      <ParticipantFrame title={pageTitle(view.page)} state="page">
        {errors.length > 0 ? (
          <ul role="alert" className="space-y-1 rounded-lg border border-red-200 bg-red-50 p-3 text-red-800">
            {errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        ) : null}
        <fieldset disabled data-readonly="" data-page={view.path} data-position={view.position} data-round={view.context.round ?? undefined} className="min-w-0 space-y-6">
          {view.remainingMs !== null ? (
            <p data-testid="countdown" className="rounded-lg bg-stone-100 px-3 py-2 text-sm font-medium text-stone-700 tabular-nums">
              Time left on this page when loaded: {clock(view.remainingMs)}
            </p>
          ) : null}
          {body}
          {view.page.wait ? null : (
            <div className="flex flex-row-reverse items-center justify-between gap-3 pt-2">
              <button type="button" className="rounded-lg bg-emerald-700 px-5 py-2.5 font-medium text-white opacity-60 shadow-sm">
                {t(view.locale, "form.next")}
              </button>
              {view.canGoBack ? (
                <button type="button" className="rounded-lg border border-stone-300 bg-white px-5 py-2.5 font-medium text-stone-800 opacity-60 shadow-sm">
                  {t(view.locale, "form.back")}
                </button>
              ) : null}
            </div>
          )}
        </fieldset>
      </ParticipantFrame>
    </ReadOnlyLive>
  );
}
