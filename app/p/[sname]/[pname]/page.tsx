import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { CurrentPage } from "@/components/participant/current-page";
import { LiveConnection } from "@/components/participant/live";
import { EndPage, IncompleteLinkPage, MissingPage, PausedPage, ReconnectingPage, StartPage } from "@/components/participant/status-pages";
import { STATUS_TITLES, viewTitle } from "@/components/participant/view-title";
import { getParticipantView } from "@/lib/engine/participant/view";
import { entryQuery, playerLinkEntry } from "@/lib/engine/recruitment/entry";
import { endExit } from "@/lib/engine/recruitment/exit";
import { NotFoundError } from "@/lib/errors";
import { scriptNonce } from "@/lib/server/nonce";
import { databaseAwayIn } from "@/lib/store/availability";
import { readDb } from "@/lib/store/db";

type Props = Readonly<{ params: Promise<{ sname: string; pname: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }>;

// generateMetadata and the page both need the view: one read per request, not two (this is
// the hot path).
const participantView = cache((sname: string, pname: string) => getParticipantView(readDb(), sname, pname));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { sname, pname } = await params;
  // An unknown player is the page's to answer (it redirects to the not-found page).
  const view = await participantView(sname, pname).catch((e: unknown) => (databaseAwayIn(e) ? "away" : null));
  // A participant's link is their credential: no search engine lists it (nor follows its links).
  return { title: { absolute: view === "away" ? STATUS_TITLES.reconnecting : view ? viewTitle(view) : "Page not found" }, robots: { index: false, follow: false } };
}

export default async function ParticipantPage({ params, searchParams }: Props) {
  const { sname, pname } = await params;
  const view = await participantView(sname, pname).catch((e: unknown) => {
    // notFound() here would send a 404 whose body only client JavaScript renders (Next bug
    // vercel/next.js#62228). A path below this one matches no route, so Next answers it
    // with its prerendered not-found page: a real 404 that works without JavaScript.
    if (e instanceof NotFoundError) redirect(`/p/${encodeURIComponent(sname)}/${encodeURIComponent(pname)}/not-found/`);
    // The database went away just now (server.ts holds requests back once it knows).
    if (databaseAwayIn(e)) return null;
    throw e;
  });
  if (!view) return <ReconnectingPage />;
  // The first visit of a player link carries the recruitment IDs the config keeps (?PROLIFIC_PID=…)
  // to the start POST; the end page sends the participant on (completion or screen-out). Both
  // read the database again: one that went away meanwhile gets the "please wait" page too.
  const away = (e: unknown) => {
    if (databaseAwayIn(e)) return null;
    throw e;
  };
  const query = entryQuery(await searchParams);
  const entry = view.kind === "start" ? await playerLinkEntry(readDb(), sname, pname, query).catch(away) : { fields: {} };
  const exit = view.kind === "end" ? await endExit(readDb(), sname, pname).catch(away) : undefined;
  if (!entry || exit === null) return <ReconnectingPage />;
  if ("problem" in entry) return <IncompleteLinkPage message={entry.problem} />;
  return (
    <LiveConnection sname={sname} pname={pname} position={view.kind === "page" ? view.position : view.kind === "start" ? -1 : undefined}>
      {view.kind === "start" ? (
        <StartPage error={view.error} nonce={scriptNonce(await headers())} entry={entry.fields} />
      ) : view.kind === "end" ? (
        <EndPage message={view.message} exit={exit} nonce={scriptNonce(await headers())} />
      ) : view.kind === "paused" ? (
        <PausedPage />
      ) : view.kind === "missing" ? (
        <MissingPage path={view.path} />
      ) : (
        <CurrentPage view={view} />
      )}
    </LiveConnection>
  );
}
