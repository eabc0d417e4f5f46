import { AdminLink } from "./admin-link";
import { Badge } from "@/components/ui/badge";
import type { SessionSummary } from "@/lib/data/sessions";
import { LocalTime } from "./local-time";

/** Sessions with their key facts; each name links to its session page. */
export function SessionTable({ sessions, empty, dim = false }: Readonly<{ sessions: SessionSummary[]; empty: string; dim?: boolean }>) {
  if (sessions.length === 0) return <p className="text-sm text-stone-500">{empty}</p>;
  return (
    <div className="overflow-x-auto">
      <table className={`w-full text-left text-sm ${dim ? "text-stone-500" : ""}`}>
        <thead className="border-b border-stone-200 text-xs tracking-wide text-stone-500 uppercase">
          <tr>
            <th className="py-2 pr-4 font-medium">Session</th>
            <th className="py-2 pr-4 font-medium">Config</th>
            <th className="py-2 pr-4 text-right font-medium">Players</th>
            <th className="py-2 pr-4 text-right font-medium">Started</th>
            <th className="py-2 pr-4 text-right font-medium">Dropouts</th>
            <th className="py-2 pr-4 font-medium">Created</th>
            <th className="py-2 font-medium">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {sessions.map((s) => (
            <tr key={s.name} className="align-top hover:bg-stone-50">
              <td className="py-2 pr-4">
                <div className="flex flex-wrap items-center gap-1.5">
                  <AdminLink href={`/admin/session/${encodeURIComponent(s.name)}/`} className="font-mono font-medium text-emerald-800 underline-offset-2 hover:underline">
                    {s.name}
                  </AdminLink>
                  {s.testing ? <Badge tone="amber">test run</Badge> : null}
                  {!s.active ? <Badge>paused</Badge> : null}
                </div>
              </td>
              <td className="py-2 pr-4 font-mono text-xs">{s.config}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{s.players}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{s.started}</td>
              <td className={`py-2 pr-4 text-right tabular-nums ${s.dropouts > 0 ? "font-semibold text-red-700" : ""}`}>{s.dropouts}</td>
              <td className="py-2 pr-4 whitespace-nowrap">
                <LocalTime iso={s.createdAt.toISOString()} />
              </td>
              <td className="max-w-xs truncate py-2" title={s.description}>
                {s.description || <span className="text-stone-400">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
