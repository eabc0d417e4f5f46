import type { Metadata } from "next";
import { AdminLink } from "@/components/admin/admin-link";
import { notFound } from "next/navigation";
import { PageTitle } from "@/components/admin/page-title";
import { Card } from "@/components/ui/card";
import { buttonStyles } from "@/components/ui/styles";
import { sessionDigests } from "@/lib/data/digest";
import { readDb } from "@/lib/store/db";
import { requireAdmin } from "../../../../_lib/auth";

type Props = Readonly<{ params: Promise<{ sname: string }> }>;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Digest of ${(await params).sname}` };
}

/** Each app's digest (its own summary of the session), for the apps that define one. */
export default async function DigestPage({ params }: Props) {
  await requireAdmin();
  const { sname } = await params;
  const results = await sessionDigests(readDb(), sname);
  if (!results) notFound();
  return (
    <>
      <PageTitle
        actions={
          <AdminLink href={`/admin/session/${encodeURIComponent(sname)}/`} className={buttonStyles.secondary}>
            Back to the session
          </AdminLink>
        }
      >
        Digest of <span className="font-mono">{sname}</span>
      </PageTitle>
      <div className="space-y-6">
        {results.length === 0 ? <p className="text-sm text-stone-500">No app of this session defines a digest.</p> : null}
        {results.map((result) => (
          <Card key={result.app} title={result.app}>
            {result.ok ? (
              <div className="digest overflow-x-auto text-sm [&_table]:w-full [&_td]:border-t [&_td]:border-stone-100 [&_td]:px-2 [&_td]:py-1 [&_th]:px-2 [&_th]:py-1 [&_th]:text-left [&_th]:text-xs [&_th]:text-stone-500 [&_th]:uppercase">
                {result.out}
              </div>
            ) : (
              <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
                {`The digest of ${result.app} failed: ${result.error}`}
              </p>
            )}
          </Card>
        ))}
      </div>
    </>
  );
}
