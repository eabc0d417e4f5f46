import { notFound } from "next/navigation";
import { CurrentPage } from "@/components/participant/current-page";
import { EndPage, MissingPage, PausedPage, StartPage } from "@/components/participant/status-pages";
import { getParticipantView } from "@/lib/engine/participants";
import { NotFoundError } from "@/lib/errors";
import { db } from "@/lib/store/db";

export const dynamic = "force-dynamic";

export default async function ParticipantPage({ params }: Readonly<{ params: Promise<{ sname: string; pname: string }> }>) {
  const { sname, pname } = await params;
  const view = await getParticipantView(db(), sname, pname).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  switch (view.kind) {
    case "start":
      return <StartPage />;
    case "end":
      return <EndPage />;
    case "paused":
      return <PausedPage />;
    case "missing":
      return <MissingPage path={view.path} />;
    case "page":
      return <CurrentPage view={view} />;
  }
}
