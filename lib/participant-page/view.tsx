import type { ReactNode } from "react";
import { currentPageContent } from "@/components/participant/current-page";
import { ParticipantFrame } from "@/components/participant/participant-frame";
import { EndPage, IncompleteLinkPage, MissingPage, PausedPage, ReconnectingPage, StartPage } from "@/components/participant/status-pages";
import { STATUS_TITLES, viewTitle } from "@/components/participant/view-title";
import { getParticipantView } from "@/lib/engine/participant/view";
import { entryQuery, playerLinkEntry } from "@/lib/engine/recruitment/entry";
import { endExit } from "@/lib/engine/recruitment/exit";
import { NotFoundError } from "@/lib/errors";
import { databaseAwayIn } from "@/lib/store/availability";
import { readDb } from "@/lib/store/db";

/** What a participant's address shows now: its status, title and content, and whether the page is live (connected). */
export interface PageAnswer {
  status: number;
  title: string;
  content: ReactNode;
  /** The page's position for live calls (-1 on the start page); absent on pages without a connection. */
  live?: { position: number | undefined; signals?: boolean };
}

export const NOT_FOUND: PageAnswer = {
  status: 404,
  title: "Page not found",
  content: (
    <ParticipantFrame title="Page not found">
      <p>There is nothing at this address. Please check the link you were given.</p>
    </ParticipantFrame>
  ),
};
/** The database went away just now (server.ts holds requests back once it knows). */
const reconnecting: PageAnswer = { status: 503, title: STATUS_TITLES.reconnecting, content: <ReconnectingPage /> };
const away = (e: unknown) => {
  if (databaseAwayIn(e)) return null;
  throw e;
};

/** The participant page for `sname`/`pname`, read from committed data (a GET after the last POST's transaction). */
export async function participantPage(sname: string, pname: string, search: URLSearchParams, nonce: string | undefined): Promise<PageAnswer> {
  const read = readDb();
  let view;
  try {
    view = await getParticipantView(read, sname, pname);
  } catch (e) {
    if (e instanceof NotFoundError) return NOT_FOUND;
    if (databaseAwayIn(e)) return reconnecting;
    throw e;
  }
  const title = viewTitle(view);
  const live = (position?: number) => ({ position });
  switch (view.kind) {
    case "start": {
      // The first visit of a player link carries the recruitment IDs the config keeps (?PROLIFIC_PID=…) to the start POST.
      const entry = await playerLinkEntry(read, sname, pname, entryQuery(search)).catch(away);
      if (!entry) return reconnecting;
      if ("problem" in entry) return { status: 400, title: STATUS_TITLES.incomplete, content: <IncompleteLinkPage message={entry.problem} /> };
      return { status: 200, title, live: live(-1), content: <StartPage error={view.error} nonce={nonce} entry={entry.fields} /> };
    }
    case "end": {
      // The end page sends the participant on (completion or screen-out).
      const exit = await endExit(read, sname, pname).catch(away);
      if (!exit) return reconnecting;
      return { status: 200, title, live: live(), content: <EndPage message={view.message} exit={exit} nonce={nonce} /> };
    }
    case "paused":
      return { status: 200, title, live: live(), content: <PausedPage /> };
    case "missing":
      return { status: 200, title, live: live(), content: <MissingPage path={view.path} /> };
    case "page":
      return { status: 200, title, live: { ...live(view.position), signals: view.signals }, content: await currentPageContent(view) };
  }
}
