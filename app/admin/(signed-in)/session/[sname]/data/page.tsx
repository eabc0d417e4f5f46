import type { Metadata } from "next";
import { AdminLink } from "@/components/admin/admin-link";
import { notFound } from "next/navigation";
import { AppExports } from "@/components/admin/app-exports";
import { DataBrowser } from "@/components/admin/data-browser";
import { PageTitle } from "@/components/admin/page-title";
import { QualityDetail } from "@/components/admin/quality-detail";
import { flaggedPlayers, playerQuality } from "@/lib/data/quality";
import { buttonStyles } from "@/components/ui/styles";
import { sessionData } from "@/lib/data/browser";
import { sessionIdOf } from "@/lib/data/sessions";
import { listAppExports } from "@/lib/data/app-exports";
import { readDb } from "@/lib/store/db";
import { requireAdmin } from "../../../../_lib/auth";
import { runPipelineAction } from "../../../../_actions/exports";

type Props = Readonly<{ params: Promise<{ sname: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }>;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Data of ${(await params).sname}` };
}

export default async function DataPage({ params, searchParams }: Props) {
  await requireAdmin();
  const { sname } = await params;
  const query = await searchParams;
  const app = typeof query.app === "string" && query.app ? query.app : undefined;
  const round = typeof query.round === "string" && /^\d{1,6}$/.test(query.round) ? Number(query.round) : undefined;
  const table = await sessionData(readDb(), sname, { app, round });
  if (!table) notFound();
  const base = `/admin/session/${encodeURIComponent(sname)}/`;
  const qualityOf = typeof query.quality === "string" && query.quality ? query.quality : null;
  const sessionId = (await sessionIdOf(readDb(), sname))!;
  const [flagged, playerDetail] = await Promise.all([flaggedPlayers(readDb(), sessionId), qualityOf ? playerQuality(readDb(), sessionId, qualityOf) : null]);
  return (
    <>
      <PageTitle
        subtitle="Current values; each cell says when and by whom it was set. Click a cell for its whole history."
        actions={
          <AdminLink href={base} className={buttonStyles.secondary}>
            Back to the session
          </AdminLink>
        }
      >
        Data of <span className="font-mono">{sname}</span>
      </PageTitle>
      <AppExports sname={sname} items={await listAppExports(readDb(), sname)} runPipeline={runPipelineAction.bind(null, sname)} />
      <QualityDetail base={`${base}data/`} flagged={flagged} player={playerDetail} />
      <DataBrowser sname={sname} table={table} app={app ?? ""} round={round === undefined ? "" : String(round)} />
    </>
  );
}
