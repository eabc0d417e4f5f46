import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { PageTitle } from "@/components/admin/page-title";
import { Card } from "@/components/ui/card";
import { buttonStyles } from "@/components/ui/styles";
import { sessionApi } from "@/lib/engine/handles";
import { getApp } from "@/lib/engine/project";
import { readDb } from "@/lib/store/db";
import { requireAdmin } from "../../../../_lib/auth";
import { log } from "@/lib/log";

type Props = Readonly<{ params: Promise<{ sname: string }> }>;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Digest of ${(await params).sname}` };
}

/** Runs an app's digest; an error is shown to the admin (with the app's name), not thrown. */
async function runDigest(digest: NonNullable<ReturnType<typeof getApp>>["digest"], session: Parameters<typeof sessionApi>[1]): Promise<{ ok: true; out: ReactNode } | { ok: false; error: string }> {
  try {
    // Read-only: a digest summarises, it cannot write.
    const api = sessionApi({ db: readDb(), buffer: null, provenance: { byKind: "system", byName: "digest" }, context: {} }, session);
    return { ok: true, out: await digest!({ session: api }) };
  } catch (e) {
    log.error({ err: e }, "digest failed");
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Each app's digest (its own summary of the session), for the apps that define one. */
export default async function DigestPage({ params }: Props) {
  await requireAdmin();
  const { sname } = await params;
  const session = await readDb().session.findUnique({ where: { name: sname } });
  if (!session) notFound();
  const apps = (JSON.parse(session.apps) as string[]).map((name) => ({ name, app: getApp(name) })).filter((a) => a.app?.digest);
  const results = await Promise.all(apps.map(async ({ name, app }) => ({ name, result: await runDigest(app!.digest, session) })));
  return (
    <>
      <PageTitle
        actions={
          <Link href={`/admin/session/${encodeURIComponent(sname)}/`} className={buttonStyles.secondary}>
            Back to the session
          </Link>
        }
      >
        Digest of <span className="font-mono">{sname}</span>
      </PageTitle>
      <div className="space-y-6">
        {results.length === 0 ? <p className="text-sm text-stone-500">No app of this session defines a digest.</p> : null}
        {results.map(({ name, result }) => (
          <Card key={name} title={name}>
            {result.ok ? (
              <div className="digest overflow-x-auto text-sm [&_table]:w-full [&_td]:border-t [&_td]:border-stone-100 [&_td]:px-2 [&_td]:py-1 [&_th]:px-2 [&_th]:py-1 [&_th]:text-left [&_th]:text-xs [&_th]:text-stone-500 [&_th]:uppercase">
                {result.out}
              </div>
            ) : (
              <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
                {`The digest of ${name} failed: ${result.error}`}
              </p>
            )}
          </Card>
        ))}
      </div>
    </>
  );
}
