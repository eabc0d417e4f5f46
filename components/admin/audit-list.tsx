import { LocalTime } from "./local-time";

export interface AuditRow {
  id: number;
  at: Date;
  admin: string;
  action: string;
  detail: Record<string, unknown>;
}

const summary = (detail: Record<string, unknown>) =>
  Object.entries(detail)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(", ");

/** Who did what, when; newest first. */
export function AuditList({ entries }: Readonly<{ entries: AuditRow[] }>) {
  if (entries.length === 0) return <p className="text-sm text-stone-500">No admin actions yet.</p>;
  return (
    <ol className="divide-y divide-stone-100 text-sm" data-testid="audit">
      {entries.map((e) => (
        <li key={e.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 py-1.5">
          <span className="whitespace-nowrap text-stone-500 tabular-nums">
            <LocalTime iso={e.at.toISOString()} />
          </span>
          <span className="font-medium">{e.admin}</span>
          <span className="font-mono text-xs text-stone-700">{e.action}</span>
          <span className="min-w-0 truncate text-stone-500" title={summary(e.detail)}>
            {summary(e.detail)}
          </span>
        </li>
      ))}
    </ol>
  );
}
