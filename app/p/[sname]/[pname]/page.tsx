import { redirect } from "next/navigation";
import { CurrentPage } from "@/components/participant/current-page";
import { LiveConnection } from "@/components/participant/live";
import { EndPage, MissingPage, PausedPage, StartPage } from "@/components/participant/status-pages";
import { getParticipantView } from "@/lib/engine/participant-view";
import { NotFoundError } from "@/lib/errors";
import { readDb } from "@/lib/store/db";

export default async function ParticipantPage({ params }: Readonly<{ params: Promise<{ sname: string; pname: string }> }>) {
  const { sname, pname } = await params;
  const view = await getParticipantView(readDb(), sname, pname).catch((e: unknown) => {
    // notFound() here would send a 404 whose body only client JavaScript renders (Next bug
    // vercel/next.js#62228). A path below this one matches no route, so Next answers it
    // with its prerendered not-found page: a real 404 that works without JavaScript.
    if (e instanceof NotFoundError) redirect(`/p/${encodeURIComponent(sname)}/${encodeURIComponent(pname)}/not-found/`);
    throw e;
  });
  return (
    <LiveConnection sname={sname} pname={pname} position={view.kind === "page" ? view.position : view.kind === "start" ? -1 : undefined}>
      {view.kind === "start" ? (
        <StartPage error={view.error} />
      ) : view.kind === "end" ? (
        <EndPage />
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
