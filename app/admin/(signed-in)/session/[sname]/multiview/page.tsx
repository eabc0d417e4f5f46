import type { Metadata } from "next";
import { AdminLink } from "@/components/admin/admin-link";
import { notFound } from "next/navigation";
import { Multiview } from "@/components/admin/multiview";
import { PageTitle } from "@/components/admin/page-title";
import { buttonStyles } from "@/components/ui/styles";
import { MAX_VIEWED, namedPlayerRows, parsePlayerList } from "@/lib/data/player-views";
import { readDb } from "@/lib/store/db";
import { requireAdmin } from "../../../../_lib/auth";

type Props = Readonly<{ params: Promise<{ sname: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }>;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Multiview of ${(await params).sname}` };
}

/** The pages of the players named in ?players=a,b side by side, read-only (see components/admin/multiview.tsx). */
export default async function MultiviewPage({ params, searchParams }: Props) {
  await requireAdmin();
  const { sname } = await params;
  const asked = parsePlayerList((await searchParams).players);
  const names = asked.slice(0, MAX_VIEWED);
  const named = await namedPlayerRows(readDb(), sname, names);
  if (!named) notFound();
  const { rows: shown, unknown } = named;
  return (
    <>
      <PageTitle
        subtitle="Each tile shows a player's page as it is now, read-only: viewing changes nothing for them. Tiles follow their players; Reload reads one again."
        actions={
          <AdminLink href={`/admin/session/${encodeURIComponent(sname)}/`} className={buttonStyles.secondary}>
            Back to the session
          </AdminLink>
        }
      >
        Multiview of <span className="font-mono">{sname}</span>
      </PageTitle>
      {asked.length > MAX_VIEWED ? <p className="mb-3 text-sm text-amber-800">Showing the first {MAX_VIEWED} of the {asked.length} players asked for.</p> : null}
      {unknown.length > 0 ? <p className="mb-3 text-sm text-red-700">No such player in this session: {unknown.join(", ")}</p> : null}
      {shown.length === 0 ? <p className="text-sm text-stone-500">Select players in the session&apos;s player monitor and press View selected.</p> : <Multiview sname={sname} initialRows={shown} />}
    </>
  );
}
