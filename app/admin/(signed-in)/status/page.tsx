import type { Metadata } from "next";
import { LocalTime } from "@/components/admin/local-time";
import { PageTitle } from "@/components/admin/page-title";
import { RevokeLoginButton } from "@/components/admin/revoke-login-button";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { listActiveLogins } from "@/lib/auth/logins";
import { readDb } from "@/lib/store/db";
import { revokeLoginAction } from "../../_actions/logins";
import { requireAdmin } from "../../_lib/auth";

export const metadata: Metadata = { title: "Status" };

export default async function Status() {
  const admin = await requireAdmin();
  const logins = await listActiveLogins(readDb());
  return (
    <>
      <PageTitle subtitle="The server and who is signed in to it.">Status</PageTitle>
      <Card title={`Active admin logins (${logins.length})`}>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="logins">
            <thead className="border-b border-stone-200 text-xs tracking-wide text-stone-500 uppercase">
              <tr>
                <th className="py-2 pr-4 font-medium">Admin</th>
                <th className="py-2 pr-4 font-medium">Signed in</th>
                <th className="py-2 pr-4 font-medium">Last active</th>
                <th className="py-2 pr-4 font-medium">How</th>
                <th className="py-2 pr-4 font-medium">From</th>
                <th className="py-2 font-medium" />
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {logins.map((l) => (
                <tr key={l.id} className="align-top">
                  <td className="py-2 pr-4 font-medium">
                    {l.admin} {l.id === admin.loginId ? <Badge tone="green">this browser</Badge> : null}
                  </td>
                  <td className="py-2 pr-4 whitespace-nowrap">
                    <LocalTime iso={l.createdAt.toISOString()} />
                  </td>
                  <td className="py-2 pr-4 whitespace-nowrap">
                    <LocalTime iso={l.lastSeenAt.toISOString()} />
                  </td>
                  <td className="py-2 pr-4">{l.method}</td>
                  <td className="max-w-xs truncate py-2 pr-4 text-stone-500" title={l.userAgent}>
                    {l.address || "—"}
                  </td>
                  <td className="py-2">
                    <RevokeLoginButton id={l.id} action={revokeLoginAction} own={l.id === admin.loginId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
