import type { ReactNode } from "react";
import { chatSettings, formValueOf, pageTitle } from "@/lib/experiment";
import type { ParticipantView } from "@/lib/engine/participant/view";
import { FieldInput } from "./field-input";
import { PageForm } from "./page-form";
import { PageChat } from "./page-chat";
import { Countdown } from "./countdown";
import { WaitForm, WaitMessage } from "./wait";
import { WaitClock } from "./wait-clock";
import { ParticipantFrame } from "./participant-frame";
import { ReconnectingPage } from "./status-pages";
import { databaseAwayIn } from "@/lib/store/availability";
import { log } from "@/lib/log";
import { t, type Locale } from "@/lib/i18n";

type PageView = Extract<ParticipantView, { kind: "page" }>;

/**
 * A page of the experiment: the app's render output (`body`, from pageBody, awaited before
 * rendering: participant pages are rendered to HTML in one synchronous pass) inside the form.
 */
export function CurrentPage({ view, body }: Readonly<{ view: PageView; body: ReactNode }>) {
  const { page, pending, locale } = view;
  return (
    <ParticipantFrame title={pageTitle(page)} state="page">
      {pending && pending.pageErrors.length > 0 ? (
        <ul role="alert" className="space-y-1 rounded-lg border border-red-200 bg-red-50 p-3 text-red-800">
          {pending.pageErrors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      ) : null}
      {page.wait ? (
        <WaitForm locale={locale} position={view.position} path={view.path} round={view.context.round}>
          {view.waitedMs !== null ? <WaitClock locale={locale} waitedMs={view.waitedMs} remainingMs={page.wait.timeout?.showTimeLeft ? view.remainingMs : null} /> : null}
          {body}
        </WaitForm>
      ) : (
        <PageForm locale={locale} id="sprout-page" position={view.position} back={view.canGoBack} path={view.path} round={view.context.round}>
          {view.remainingMs !== null ? <Countdown locale={locale} remainingMs={view.remainingMs} formId="sprout-page" onceKey={`${view.path}:${view.position}`} /> : null}
          {body}
        </PageForm>
      )}
    </ParticipantFrame>
  );
}

/** The page's fields (prefilled where it asks), inside what its render makes of them (also the admin's read-only view). */
export async function pageBody(view: PageView): Promise<ReactNode> {
  const { page, context, pending, locale } = view;
  const entries = Object.entries(page.fields);
  // Stored values are read only when the page (or field) asks for prefilling.
  const stored = await Promise.all(entries.map(([name, f]) => ((f.prefill ?? page.prefill) ? context.player.get(name) : undefined)));
  const inputs = new Map<string, ReactNode>(
    entries.map(([name, field], i) => {
      // A stored null (an optional field left empty) stays empty; only a value never stored takes the default.
      const value = pending ? (Object.hasOwn(pending.values, name) ? pending.values[name]! : "") : formValueOf(field, stored[i] === undefined ? field.default : stored[i]);
      return [name, <FieldInput key={name} locale={locale} name={name} field={field} value={value} error={pending && Object.hasOwn(pending.errors, name) ? pending.errors[name] : undefined} />];
    }),
  );
  const fields = <div className="space-y-6">{[...inputs.values()]}</div>;
  const field = (name: string) => {
    const input = inputs.get(name);
    if (!input) throw new Error(`Page "${view.path}" has no field "${name}"`);
    return input;
  };
  const chat = page.chat ? <PageChat locale={locale} maxLength={chatSettings(page.chat).maxLength} title={t(locale, chatSettings(page.chat).scope === "session" ? "chat.everyone" : "chat.group")} /> : null;
  return page.render ? page.render({ ...context, fields, field, chat }) : page.wait ? <WaitMessage locale={locale} /> : <>{chat}{fields}</>;
}

/** The page's content, or what to show when its reads or render failed. */
export async function currentPageContent(view: PageView): Promise<ReactNode> {
  try {
    return <CurrentPage view={view} body={await pageBody(view)} />;
  } catch (e) {
    return failedPage(view.locale, view.path, e);
  }
}

/** A page whose reads or render failed: "please wait" while the database is away, else an apology. */
function failedPage(locale: Locale, path: string, e: unknown) {
  if (databaseAwayIn(e)) return <ReconnectingPage locale={locale} />;
  log.error({ err: e, page: path }, "participant page render failed");
  return <RenderFailedPage locale={locale} />;
}

/** The apology for a page that could not be shown (also when rendering its HTML failed: lib/participant-page/document.tsx). */
export function RenderFailedPage({ locale }: Readonly<{ locale: Locale }>) {
  return (
    <ParticipantFrame title={t(locale, "error.title")} state="error">
      <p role="alert">{t(locale, "error.renderFailed")}</p>
    </ParticipantFrame>
  );
}
