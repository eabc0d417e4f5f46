import type { PlaceRow } from "@/lib/data/places";

/** How full the session's quotas and conditions are: places taken (in progress + completed), completed, and the limit. */
export function PlacesTable({ rows }: Readonly<{ rows: PlaceRow[] }>) {
  return (
    <table className="w-full text-sm" data-testid="places">
      <thead>
        <tr className="border-b border-stone-200 text-left text-xs text-stone-500 uppercase">
          <th className="px-2 py-1.5">Cell</th>
          <th className="px-2 py-1.5 text-right">Taken</th>
          <th className="px-2 py-1.5 text-right">Completed</th>
          <th className="px-2 py-1.5 text-right">Quota</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const full = r.limit !== null && r.taken >= r.limit;
          return (
            <tr key={`${r.attribute}=${r.value}`} data-cell={r.kind === "total" ? "all" : `${r.attribute}=${r.value}`} className="border-b border-stone-100">
              <td className="px-2 py-1.5">
                {r.kind === "total" ? (
                  "All participants"
                ) : (
                  <>
                    <span className="font-mono">
                      {r.attribute} = {r.value}
                    </span>{" "}
                    <span className="text-xs text-stone-500">({r.kind})</span>
                  </>
                )}
              </td>
              <td className="px-2 py-1.5 text-right tabular-nums">{r.taken}</td>
              <td className="px-2 py-1.5 text-right tabular-nums">{r.completed}</td>
              <td className={`px-2 py-1.5 text-right tabular-nums ${full ? "font-medium text-amber-800" : ""}`}>{r.limit === null ? "no limit" : `${r.limit}${full ? " (full)" : ""}`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
