import type { EndExit } from "@/lib/engine/recruitment/exit";
import { AWAY_MESSAGE, RETRY_AFTER_S } from "@/lib/store/availability";
import { PageForm } from "./page-form";
import { ParticipantFrame } from "./participant-frame";
import { STATUS_TITLES } from "./view-title";

/**
 * Before the first page: the POST that starts the participant, sent at once when JavaScript
 * runs, unless the last start failed (then the participant retries by hand, never in a loop).
 * `nonce`: the request's script nonce, without which the Content-Security-Policy blocks the script.
 */
export function StartPage({ error, nonce, entry = {} }: Readonly<{ error: string | null; nonce: string | undefined; entry?: Readonly<Record<string, string>> }>) {
  return (
    <ParticipantFrame title={STATUS_TITLES.start} state="start">
      {error ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-red-800">
          {error}
        </p>
      ) : null}
      <p>Press Start to begin the study.</p>
      <PageForm position={-1} id="sprout-start" button="Start">
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
export function IncompleteLinkPage({ message }: Readonly<{ message: string }>) {
  return (
    <ParticipantFrame title={STATUS_TITLES.incomplete} state="incomplete">
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
export function EndPage({ message = null, exit, nonce }: Readonly<{ message?: string | null; exit?: EndExit; nonce?: string }>) {
  const screened = exit?.outcome === "screenedOut";
  return (
    <ParticipantFrame title={STATUS_TITLES.end} state="end">
      {message ? <p data-testid="end-message">{message}</p> : null}
      {screened ? (
        <p data-outcome="screenedOut">Thank you for your time. This study has ended for you: you do not match what it is looking for.</p>
      ) : (
        <p>You have reached the end of this study.{exit?.url || exit?.code ? "" : " You may now close this page."}</p>
      )}
      {exit?.code ? (
        <p>
          Your code: <strong className="font-mono text-lg select-all" data-exit-code>{exit.code}</strong>
        </p>
      ) : null}
      {exit?.url ? (
        <>
          <p>
            You are being sent back now. If nothing happens,{" "}
            <a href={exit.url} className="font-medium text-emerald-800 underline" data-exit-url rel="noreferrer">
              continue here
            </a>
            .
          </p>
          <script nonce={nonce} dangerouslySetInnerHTML={{ __html: `location.replace(${JSON.stringify(exit.url).replace(/</g, "\\u003c")})` }} />
        </>
      ) : null}
    </ParticipantFrame>
  );
}

export function PausedPage() {
  return (
    <ParticipantFrame title={STATUS_TITLES.paused} state="paused">
      <p>The study is paused at the moment. Please wait and reload this page in a little while; you will continue where you left off.</p>
    </ParticipantFrame>
  );
}

export function MissingPage({ path }: Readonly<{ path: string }>) {
  return (
    <ParticipantFrame title={STATUS_TITLES.missing} state="missing">
      <p>This page ({path}) is no longer part of the experiment. Please contact the research team.</p>
    </ParticipantFrame>
  );
}

/** The database is away for a moment (see lib/store/availability.ts): the page tries again by itself. */
export function ReconnectingPage() {
  return (
    <ParticipantFrame title={STATUS_TITLES.reconnecting} state="reconnecting">
      <meta httpEquiv="refresh" content={String(RETRY_AFTER_S)} />
      <p>{AWAY_MESSAGE}</p>
    </ParticipantFrame>
  );
}
