import { PageForm } from "./page-form";
import { ParticipantFrame } from "./participant-frame";

/** Before the first page: the POST that starts the participant (auto-sent when JavaScript runs). */
export function StartPage() {
  return (
    <ParticipantFrame title="Welcome" state="start">
      <p>Press Start to begin the study.</p>
      <PageForm position={-1} id="sprout-start" button="Start" />
      {/* A GET never starts a participant (link previews must not); the browser POSTs at once. */}
      <script dangerouslySetInnerHTML={{ __html: 'document.getElementById("sprout-start").requestSubmit()' }} />
    </ParticipantFrame>
  );
}

export function EndPage() {
  return (
    <ParticipantFrame title="Thank you" state="end">
      <p>You have reached the end of this study. You may now close this page.</p>
    </ParticipantFrame>
  );
}

export function PausedPage() {
  return (
    <ParticipantFrame title="Paused" state="paused">
      <p>The study is paused at the moment. Please wait and reload this page in a little while; you will continue where you left off.</p>
    </ParticipantFrame>
  );
}

export function MissingPage({ path }: Readonly<{ path: string }>) {
  return (
    <ParticipantFrame title="Something went wrong" state="missing">
      <p>This page ({path}) is no longer part of the experiment. Please contact the research team.</p>
    </ParticipantFrame>
  );
}
