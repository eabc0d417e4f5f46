import type { ReactNode } from "react";
import { currentPageContent } from "@/components/participant/current-page";
import { EndPage, IncompleteLinkPage, MissingPage, NotFoundPage, PausedPage, ReconnectingPage, StartPage } from "@/components/participant/status-pages";
import { STATUS_TITLES, viewTitle } from "@/components/participant/view-title";
import { t, type Locale } from "@/lib/i18n";
import { participantLocale } from "@/lib/project";
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
  /** The language it is written in (the page's lang). */
  locale: Locale;
  /** The page's position for live calls (-1 on the start page); absent on pages without a connection. */
  live?: { position: number | undefined; signals?: boolean };
}

/** No session or player at this address: in the project's language (or the browser's, where it follows the browser). */
export function notFound(acceptLanguage: string | null | undefined): PageAnswer {
  const locale = participantLocale(null, acceptLanguage);
  return { status: 404, title: t(locale, "notFound.title"), locale, content: <NotFoundPage locale={locale} /> };
}
/** The database went away just now (server.ts holds requests back once it knows). */
const reconnecting = (locale: Locale): PageAnswer => ({ status: 503, title: t(locale, STATUS_TITLES.reconnecting), locale, content: <ReconnectingPage locale={locale} /> });
const away = (e: unknown) => {
  if (databaseAwayIn(e)) return null;
  throw e;
};

/** The participant page for `sname`/`pname`, read from committed data (a GET after the last POST's transaction). */
export async function participantPage(sname: string, pname: string, search: URLSearchParams, nonce: string | undefined, acceptLanguage: string | null = null): Promise<PageAnswer> {
  const read = readDb();
  let view;
  try {
    view = await getParticipantView(read, sname, pname, { acceptLanguage });
  } catch (e) {
    if (e instanceof NotFoundError) return notFound(acceptLanguage);
    if (databaseAwayIn(e)) return reconnecting(participantLocale(null, acceptLanguage));
    throw e;
  }
  const { locale } = view;
  const title = viewTitle(view);
  const live = (position?: number) => ({ position });
  switch (view.kind) {
    case "start": {
      // The first visit of a player link carries the recruitment IDs the config keeps (?PROLIFIC_PID=…) to the start POST.
      const entry = await playerLinkEntry(read, sname, pname, entryQuery(search), locale).catch(away);
      if (!entry) return reconnecting(locale);
      if ("problem" in entry) return { status: 400, title: t(locale, STATUS_TITLES.incomplete), locale, content: <IncompleteLinkPage locale={locale} message={entry.problem} /> };
      return { status: 200, title, locale, live: live(-1), content: <StartPage locale={locale} error={view.error} nonce={nonce} entry={entry.fields} /> };
    }
    case "end": {
      // The end page sends the participant on (completion or screen-out).
      const exit = await endExit(read, sname, pname).catch(away);
      if (!exit) return reconnecting(locale);
      return { status: 200, title, locale, live: live(), content: <EndPage locale={locale} message={view.message} exit={exit} nonce={nonce} /> };
    }
    case "paused":
      return { status: 200, title, locale, live: live(), content: <PausedPage locale={locale} /> };
    case "missing":
      return { status: 200, title, locale, live: live(), content: <MissingPage locale={locale} path={view.path} /> };
    case "page":
      return { status: 200, title, locale, live: { ...live(view.position), signals: view.signals }, content: await currentPageContent(view) };
  }
}
