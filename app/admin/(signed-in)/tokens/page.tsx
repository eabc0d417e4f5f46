import type { Metadata } from "next";
import { LocalTime } from "@/components/admin/local-time";
import { PageTitle } from "@/components/admin/page-title";
import { CreateTokenForm, RevokeTokenButton } from "@/components/admin/token-forms";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { listApiTokens } from "@/lib/api/tokens";
import { readDb } from "@/lib/store/db";
import { createTokenAction, revokeTokenAction } from "../../_actions/tokens";
import { requireAdmin } from "../../_lib/auth";

export const metadata: Metadata = { title: "API tokens" };

export default async function Tokens() {
  await requireAdmin();
  const tokens = await listApiTokens(readDb());
  return (
    <>
      <PageTitle subtitle="Tokens let scripts use the admin API (/admin/api/v1/) with Authorization: Bearer <token>; see docs/api.md.">API tokens</PageTitle>
      <Card title="New token" className="mb-6">
        <CreateTokenForm action={createTokenAction} />
      </Card>
      <Card title={`Tokens (${tokens.length})`}>
        {tokens.length === 0 ? (
          <p className="text-sm text-stone-500">No tokens yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="tokens">
              <thead className="border-b border-stone-200 text-xs tracking-wide text-stone-500 uppercase">
                <tr>
                  <th className="py-2 pr-4 font-medium">Name</th>
                  <th className="py-2 pr-4 font-medium">Scope</th>
                  <th className="py-2 pr-4 font-medium">Created</th>
                  <th className="py-2 pr-4 font-medium">Last used</th>
                  <th className="py-2 font-medium" />
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {tokens.map((t) => (
                  <tr key={t.name} className="align-top">
                    <td className="py-2 pr-4 font-mono">{t.name}</td>
                    <td className="py-2 pr-4">{t.scope === "read" ? "read-only" : "full"}</td>
                    <td className="py-2 pr-4 whitespace-nowrap">
                      <LocalTime iso={t.createdAt.toISOString()} /> <span className="text-stone-500">by {t.createdBy}</span>
                    </td>
                    <td className="py-2 pr-4 whitespace-nowrap">{t.lastUsedAt ? <LocalTime iso={t.lastUsedAt.toISOString()} /> : "never"}</td>
                    <td className="py-2">{t.revokedAt ? <Badge tone="red">revoked</Badge> : <RevokeTokenButton name={t.name} action={revokeTokenAction} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
