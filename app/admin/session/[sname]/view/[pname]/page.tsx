import type { Metadata } from "next";
import { ParticipantFrame } from "@/components/participant/participant-frame";
import { ReadOnlyView } from "@/components/participant/read-only-view";
import { getParticipantView } from "@/lib/engine/participant/view";
import { NotFoundError } from "@/lib/errors";
import { readDb } from "@/lib/store/db";
import { requireAdmin } from "../../../../_lib/auth";

// One tile of the multiview (/admin/session/<sname>/multiview/), framed by it. Outside the
// signed-in layout on purpose: a tile shows the participant's page alone, without the admin's
// header. getParticipantView only reads; ReadOnlyView adds no socket, no form and no script.

type Props = Readonly<{ params: Promise<{ sname: string; pname: string }> }>;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Player ${(await params).pname} (read-only)` };
}

export default async function PlayerViewTile({ params }: Props) {
  await requireAdmin();
  const { sname, pname } = await params;
  const view = await getParticipantView(readDb(), sname, pname, { behindPause: true }).catch((e: unknown) => {
    if (e instanceof NotFoundError) return null;
    throw e;
  });
  // Not notFound(): its body needs client JavaScript (vercel/next.js#62228), which a tile does not run.
  if (!view) {
    return (
      <ParticipantFrame title="No such player" state="missing">
        <p>
          Session {sname} has no player {pname}.
        </p>
      </ParticipantFrame>
    );
  }
  return <ReadOnlyView view={view} />;
}
