import { pageTitle } from "@/lib/experiment";
import type { ParticipantView } from "@/lib/engine/participant/view";
import { t } from "@/lib/i18n";

/** The catalogue keys of the headings of the pages Sprout shows around the experiment's own. */
export const STATUS_TITLES = {
  start: "start.title",
  end: "end.title",
  paused: "paused.title",
  missing: "missing.title",
  reconnecting: "reconnecting.title",
  incomplete: "incomplete.title",
} as const;

/** The title of what the participant's address shows: the experiment page's own, or the status page's (in the view's language). */
export function viewTitle(view: ParticipantView): string {
  return view.kind === "page" ? pageTitle(view.page) : t(view.locale, STATUS_TITLES[view.kind]);
}
