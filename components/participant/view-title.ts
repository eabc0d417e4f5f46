import { pageTitle } from "@/lib/experiment";
import type { ParticipantView } from "@/lib/engine/participant/view";

/** The headings of the pages Sprout shows around the experiment's own. */
export const STATUS_TITLES = {
  start: "Welcome",
  end: "Thank you",
  paused: "Paused",
  missing: "Something went wrong",
  reconnecting: "Please wait a moment",
  incomplete: "Link incomplete",
} as const;

/** The title of what the participant's address shows: the experiment page's own, or the status page's. */
export function viewTitle(view: ParticipantView): string {
  return view.kind === "page" ? pageTitle(view.page) : STATUS_TITLES[view.kind];
}
