import type { Metadata } from "next";
import { AdminLink } from "@/components/admin/admin-link";
import { DOWNLOADS, downloadHref } from "@/components/admin/downloads";
import { PageTitle } from "@/components/admin/page-title";
import { SessionTable } from "@/components/admin/session-table";
import { Card } from "@/components/ui/card";
import { buttonStyles } from "@/components/ui/styles";
import { listSessions, type TestingFilter } from "@/lib/data/sessions";
import { readDb } from "@/lib/store/db";
import { requireAdmin } from "../../_lib/auth";

export const metadata: Metadata = { title: "Sessions" };

const FILTERS: { value: TestingFilter; label: string }[] = [
  { value: "all", label: "All sessions" },
  { value: "hide", label: "Without test runs" },
  { value: "only", label: "Test runs only" },
];

export default async function Sessions({ searchParams }: Readonly<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>) {
  await requireAdmin();
  const requested = (await searchParams).testing;
  const testing = FILTERS.find((f) => f.value === requested)?.value ?? "all";
  const [active, inactive] = await Promise.all([listSessions(readDb(), { active: true, testing }), listSessions(readDb(), { active: false, testing })]);
  return (
    <>
      <PageTitle
        actions={
          <AdminLink href="/admin/sessions/new/" className={buttonStyles.primary}>
            New session
          </AdminLink>
        }
      >
        Sessions
      </PageTitle>
      <nav aria-label="Filter test runs" className="mb-4 inline-flex rounded-lg border border-stone-300 bg-white p-0.5 text-sm shadow-sm">
        {FILTERS.map((f) => (
          <AdminLink
            key={f.value}
            href={f.value === "all" ? "/admin/sessions/" : `/admin/sessions/?testing=${f.value}`}
            aria-current={f.value === testing ? "page" : undefined}
            className={`rounded-md px-3 py-1 ${f.value === testing ? "bg-stone-800 text-white" : "text-stone-700 hover:bg-stone-100"}`}
          >
            {f.label}
          </AdminLink>
        ))}
      </nav>
      <div className="space-y-6">
        <Card title={`Active (${active.length})`}>
          <SessionTable sessions={active} empty="None." />
        </Card>
        <Card title={`Paused (${inactive.length})`}>
          <SessionTable sessions={inactive} empty="None." dim />
        </Card>
        <Card title="Download the sessions listed">
          <ul className="flex flex-wrap gap-x-6 gap-y-1.5 text-sm" data-testid="all-downloads">
            {DOWNLOADS.map(([format, label, filter]) => (
              <li key={`${format}?${filter}`}>
                <a href={downloadHref("/admin/export/", format, filter, `testing=${testing}`)} download className="text-emerald-800 hover:underline">
                  {label}
                </a>
              </li>
            ))}
            <li>
              <a href={`/admin/briefcase/?testing=${testing}`} download className="font-medium text-emerald-800 hover:underline">
                Replication briefcase: all of the above, the code and checksums (ZIP)
              </a>
            </li>
          </ul>
        </Card>
      </div>
    </>
  );
}
