import type { ActivityEntry } from "@/lib/data/activity";
import { LocalTime } from "./local-time";

/** Who did what, when, newest first: one readable line each. */
export function AuditList({ entries }: Readonly<{ entries: ActivityEntry[] }>) {
  if (entries.length === 0) return <p className="text-sm text-stone-500">No admin actions yet.</p>;
  return (
    <ol className="divide-y divide-stone-100 text-sm" data-testid="audit">
      {entries.map((e) => (
        <li key={e.id} className="py-2">
          <p className="break-words text-stone-800">
            <span className="font-medium text-stone-900">{e.admin}</span> {e.sentence}
          </p>
          <p className="text-xs text-stone-500 tabular-nums">
            <LocalTime iso={e.at.toISOString()} />
          </p>
        </li>
      ))}
    </ol>
  );
}
