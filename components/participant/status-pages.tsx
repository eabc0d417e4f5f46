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

export function EndPage() {
  return (
    <ParticipantFrame title={STATUS_TITLES.end} state="end">
      <p>You have reached the end of this study. You may now close this page.</p>
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
