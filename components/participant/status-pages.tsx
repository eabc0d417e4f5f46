import type { EndExit } from "@/lib/engine/recruitment/exit";
import { t, type Locale } from "@/lib/i18n";
import { RETRY_AFTER_S } from "@/lib/store/availability";
import { PageForm } from "./page-form";
import { ParticipantFrame } from "./participant-frame";
import { STATUS_TITLES } from "./view-title";

/**
 * Before the first page: the POST that starts the participant, sent at once when JavaScript
 * runs, unless the last start failed (then the participant retries by hand, never in a loop).
 * `nonce`: the request's script nonce, without which the Content-Security-Policy blocks the script.
 */
export function StartPage({ locale, error, nonce, entry = {} }: Readonly<{ locale: Locale; error: string | null; nonce: string | undefined; entry?: Readonly<Record<string, string>> }>) {
  return (
    <ParticipantFrame title={t(locale, STATUS_TITLES.start)} state="start">
      {error ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-red-800">
          {error}
        </p>
      ) : null}
      <p>{t(locale, "start.text")}</p>
      <PageForm locale={locale} position={-1} id="sprout-start" button={t(locale, "form.start")}>
        {Object.entries(entry).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
      </PageForm>
      {/* A GET never starts a participant (link previews must not); the browser POSTs at once. */}
      {error ? null : <script nonce={nonce} dangerouslySetInnerHTML={{ __html: 'document.getElementById("sprout-start").requestSubmit()' }} />}
    </ParticipantFrame>
  );
}

/** An entry link without the parameters the study needs (which, and what to do). */
export function IncompleteLinkPage({ locale, message }: Readonly<{ locale: Locale; message: string }>) {
  return (
    <ParticipantFrame title={t(locale, STATUS_TITLES.incomplete)} state="incomplete">
      <p role="alert">{message}</p>
    </ParticipantFrame>
  );
}

/**
 * The end. With the config's completion (or, after a screen-out, its screenOut): the code to
 * paste, and the address the page goes to by itself, with a link for when that is blocked.
 * This page is only rendered from committed data (a GET after the last POST's transaction),
 * so the participant never leaves before their last answers are stored. `message`: what the
 * experiment said when it ended the study early (a wait that timed out).
 */
export function EndPage({ locale, message = null, exit, nonce }: Readonly<{ locale: Locale; message?: string | null; exit?: EndExit; nonce?: string }>) {
  const screened = exit?.outcome === "screenedOut";
  return (
    <ParticipantFrame title={t(locale, STATUS_TITLES.end)} state="end">
      {message ? <p data-testid="end-message">{message}</p> : null}
      {screened ? (
        <p data-outcome="screenedOut">{t(locale, "end.screenedOut")}</p>
      ) : (
        <p>{t(locale, exit?.url || exit?.code ? "end.reached" : "end.reachedClose")}</p>
      )}
      {exit?.code ? (
        <p>
          {t(locale, "end.code")} <strong className="font-mono text-lg select-all" data-exit-code>{exit.code}</strong>
        </p>
      ) : null}
      {exit?.url ? (
        <>
          <p>
            {t(locale, "end.sentBack")}{" "}
            <a href={exit.url} className="font-medium text-emerald-800 underline" data-exit-url rel="noreferrer">
              {t(locale, "end.continueHere")}
            </a>
            .
          </p>
          <script nonce={nonce} dangerouslySetInnerHTML={{ __html: `location.replace(${JSON.stringify(exit.url).replace(/</g, "\\u003c")})` }} />
        </>
      ) : null}
    </ParticipantFrame>
  );
}

export function PausedPage({ locale }: Readonly<{ locale: Locale }>) {
  return (
    <ParticipantFrame title={t(locale, STATUS_TITLES.paused)} state="paused">
      <p>{t(locale, "paused.text")}</p>
    </ParticipantFrame>
  );
}

export function MissingPage({ locale, path }: Readonly<{ locale: Locale; path: string }>) {
  return (
    <ParticipantFrame title={t(locale, STATUS_TITLES.missing)} state="missing">
      <p>{t(locale, "missing.text", { path })}</p>
    </ParticipantFrame>
  );
}

/** Page not found: no session or player at this address. */
export function NotFoundPage({ locale }: Readonly<{ locale: Locale }>) {
  return (
    <ParticipantFrame title={t(locale, "notFound.title")}>
      <p>{t(locale, "notFound.text")}</p>
    </ParticipantFrame>
  );
}

/** The database is away for a moment (see lib/store/availability.ts): the page tries again by itself. */
export function ReconnectingPage({ locale }: Readonly<{ locale: Locale }>) {
  return (
    <ParticipantFrame title={t(locale, STATUS_TITLES.reconnecting)} state="reconnecting">
      <meta httpEquiv="refresh" content={String(RETRY_AFTER_S)} />
      <p>{t(locale, "reconnecting.text")}</p>
    </ParticipantFrame>
  );
}
