import type { Metadata } from "next";
import { LocalTime } from "@/components/admin/local-time";
import { PageTitle } from "@/components/admin/page-title";
import { RevokeLoginButton } from "@/components/admin/revoke-login-button";
import { Badge } from "@/components/ui/badge";
import { Card, Facts } from "@/components/ui/card";
import { buttonStyles } from "@/components/ui/styles";
import { listActiveLogins } from "@/lib/auth/logins";
import { currentCodeVersion, describeCodeVersion } from "@/lib/code-version";
import { databaseInfo, installedVersions, maskedEnvironment } from "@/lib/data/status";
import { readDb } from "@/lib/store/db";
import { revokeLoginAction } from "../../_actions/logins";
import { requireAdmin } from "../../_lib/auth";

export const metadata: Metadata = { title: "Status" };

export default async function Status() {
  const admin = await requireAdmin();
  const [logins, database] = await Promise.all([listActiveLogins(readDb()), databaseInfo(readDb())]);
  const versions = installedVersions();
  const code = currentCodeVersion();
  const environment = maskedEnvironment();
  return (
    <>
      <PageTitle subtitle="The server and who is signed in to it.">Status</PageTitle>
      <div className="mb-6 grid gap-6 md:grid-cols-2">
        <Card title="Database">
          <Facts
            items={[
              ["Kind", database.kind],
              ["File", <span key="f" className="font-mono text-xs break-all">{database.file}</span>],
              ["Size", <span key="s" data-testid="database-size">{(database.bytes / 1024 / 1024).toFixed(2)} MiB</span>],
            ]}
          />
          <a href="/admin/dump/" className={`${buttonStyles.secondary} mt-4`} download>
            Download database dump
          </a>
          <p className="mt-2 text-xs text-stone-500">A complete, versioned record of all data; restore it into a fresh database with <code>npm run sprout -- restore --file F</code>. It holds the admin logins and the secret that signs them: keep it like a password file.</p>
        </Card>
        <Card title="Installed versions">
          <p className="mb-3 text-sm">
            Code this server runs (recorded with every new session): <span className="font-mono text-xs" data-testid="code-version">{describeCodeVersion(code)}</span>
            {code.builtAt ? (
              <span className="text-stone-500">
                {" "}
                · built <LocalTime iso={code.builtAt} />
              </span>
            ) : null}
          </p>
          <ul className="max-h-64 overflow-y-auto font-mono text-xs" data-testid="versions">
            {versions.map(([name, version]) => (
              <li key={name} className="flex justify-between gap-3 py-0.5">
                <span>{name}</span>
                <span className="text-stone-500">{version}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <Card title={`Active admin logins (${logins.length})`} className="mb-6">
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
      <Card title={`Environment variables (${environment.length})`}>
        <details>
          <summary className="cursor-pointer text-sm text-stone-700">Show them (passwords, secrets, tokens and credentials in addresses are masked)</summary>
          <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 font-mono text-xs" data-testid="environment">
            {environment.map(([name, value]) => (
              <div key={name} className="contents">
                <dt className="text-stone-500">{name}</dt>
                <dd className="break-all">{value}</dd>
              </div>
            ))}
          </dl>
        </details>
      </Card>
    </>
  );
}
