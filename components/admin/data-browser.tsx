"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import type { DataRow, DataTable, fieldHistory } from "@/lib/data/browser";
import { useVisibleRows } from "./use-visible-rows";

/** One write of a field, as the history route answers it. */
type HistoryEntry = NonNullable<Awaited<ReturnType<typeof fieldHistory>>>[number];

interface Open {
  row: DataRow;
  key: string;
  history: HistoryEntry[] | null;
  error: string | null;
}

/** A provenance line with its code location cut to the file's name ("… at basics.tsx:34"); the cell's title and the history keep the path. */
const withFileName = (line: string) => line.replace(/ at \S*\/([^/\s]+:\d+)$/, " at $1");

// Only the rows in view are rendered (a session of 1,000 players × 50 fields would be 50,000 cells).
const ROW_HEIGHT = 64;

/** Times in the admin's zone, once mounted (the server renders in its own zone). */
function useTime() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (ms: number) => (mounted ? new Date(ms).toLocaleTimeString() : new Date(ms).toISOString().slice(11, 19));
}

/**
 * The session's data: one row per owner (session, groups, players), one column per field.
 * Filters and Refresh re-render on the server without a full page load; a click on a cell
 * opens the field's history with every write's provenance.
 */
export function DataBrowser({ sname, table, app, round }: Readonly<{ sname: string; table: DataTable; app: string; round: string }>) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const [open, setOpen] = useState<Open | null>(null);
  const time = useTime();
  const { first, last, onScroll } = useVisibleRows(table.rows.length, { rowHeight: ROW_HEIGHT, overscan: 8 });
  const builtIn = (column: number) => column >= table.firstBuiltIn;

  const navigate = (next: { app?: string; round?: string }) => {
    const q = new URLSearchParams();
    const a = next.app ?? app;
    const r = next.round ?? round;
    if (a) q.set("app", a);
    if (r) q.set("round", r);
    startRefresh(() => router.push(`/admin/session/${encodeURIComponent(sname)}/data/${q.size ? `?${q}` : ""}`));
  };

  async function show(row: DataRow, key: string) {
    setOpen({ row, key, history: null, error: null });
    try {
      const res = await fetch(`/admin/session/${encodeURIComponent(sname)}/history/?${new URLSearchParams({ kind: row.kind, id: String(row.id), key })}`);
      if (!res.ok) throw new Error((await res.text()).trim());
      const history = (await res.json()) as HistoryEntry[];
      setOpen((o) => (o && o.row === row && o.key === key ? { ...o, history } : o));
    } catch (e) {
      setOpen((o) => (o ? { ...o, error: (e as Error).message || "The history could not be loaded" } : o));
    }
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(null);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-2">
          App
          <select value={app} onChange={(e) => navigate({ app: e.target.value })} className={`${inputStyles} w-auto py-1.5`}>
            <option value="">all</option>
            {table.apps.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2">
          Round
          <select value={round} onChange={(e) => navigate({ round: e.target.value })} className={`${inputStyles} w-auto py-1.5`}>
            <option value="">all</option>
            {table.rounds.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => startRefresh(() => router.refresh())} className={buttonStyles.secondary}>
          {refreshing ? "Refreshing…" : "Refresh"}
        </button>
        <span className="text-stone-500" data-testid="data-size">
          {table.rows.length} rows × {table.columns.length} fields
        </span>
      </div>

      {table.columns.length === 0 ? (
        <p className="rounded-lg border border-stone-200 bg-white p-4 text-sm text-stone-500">No data{app || round ? " for this filter" : " yet"}.</p>
      ) : (
        <div onScroll={onScroll} className="max-h-[75vh] overflow-auto rounded-lg border border-stone-200 bg-white">
          <table className="text-left text-sm" data-testid="data">
            <thead className="sticky top-0 z-10 bg-white text-xs text-stone-500 shadow-[0_1px_0_theme(colors.stone.200)]">
              <tr className="text-[11px] tracking-wide uppercase">
                <th rowSpan={2} className="sticky left-0 z-20 bg-white px-3 py-2 align-bottom font-medium normal-case">
                  Owner
                </th>
                {table.firstBuiltIn > 0 ? (
                  <th colSpan={table.firstBuiltIn} scope="colgroup" className="px-3 pt-2 font-medium">
                    Experiment fields
                  </th>
                ) : null}
                {table.firstBuiltIn < table.columns.length ? (
                  <th colSpan={table.columns.length - table.firstBuiltIn} scope="colgroup" className="border-l border-stone-200 bg-stone-50 px-3 pt-2 font-medium">
                    Kept by Sprout
                  </th>
                ) : null}
              </tr>
              <tr>
                {table.columns.map((c, i) => (
                  <th key={c} className={`px-3 pt-1 pb-2 font-mono font-medium whitespace-nowrap ${builtIn(i) ? "bg-stone-50" : ""} ${i === table.firstBuiltIn ? "border-l border-stone-200" : ""}`}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {first > 0 ? <tr aria-hidden style={{ height: first * ROW_HEIGHT }} /> : null}
              {table.rows.slice(first, last).map((row) => (
                <tr key={`${row.kind}:${row.id}`} style={{ height: ROW_HEIGHT }} className={row.kind === "player" ? "" : "bg-stone-50"}>
                  <th scope="row" className={`sticky left-0 z-[1] px-3 py-1.5 font-mono text-xs font-medium whitespace-nowrap shadow-[1px_0_0_theme(colors.stone.200)] ${row.kind === "player" ? "bg-white" : "bg-stone-50"}`}>
                    {row.label}
                  </th>
                  {row.cells.map((cell, i) => (
                    <td key={table.columns[i]} className={`max-w-[18rem] min-w-[12rem] px-1 py-1 align-top ${i === table.firstBuiltIn ? "border-l border-stone-200" : ""}`}>
                      {cell ? (
                        <button
                          type="button"
                          onClick={() => show(row, table.columns[i]!)}
                          title={`${cell[0]}\n${table.provenance[cell[3]]}\n${new Date(cell[1]).toISOString()}`}
                          className="w-full rounded px-2 py-0.5 text-left leading-tight hover:bg-emerald-50 focus-visible:bg-emerald-50"
                          data-field={table.columns[i]}
                        >
                          <span className="block truncate">{cell[0]}</span>
                          {/* When and by whom, on up to two lines, so the file:line at its end is not cut off. */}
                          <span className="mt-0.5 line-clamp-2 text-[11px] leading-snug text-stone-500 [overflow-wrap:anywhere]">
                            {time(cell[1])} · {withFileName(table.provenance[cell[3]]!)}
                          </span>
                        </button>
                      ) : null}
                    </td>
                  ))}
                </tr>
              ))}
              {last < table.rows.length ? <tr aria-hidden style={{ height: (table.rows.length - last) * ROW_HEIGHT }} /> : null}
            </tbody>
          </table>
        </div>
      )}

      {open ? (
        <aside role="dialog" aria-label={`History of ${open.key}`} className="fixed inset-y-0 right-0 z-30 w-full max-w-md overflow-y-auto border-l border-stone-200 bg-white p-5 shadow-xl">
          <div className="mb-3 flex items-start justify-between gap-3">
            <div>
              <h2 className="font-mono text-lg font-semibold">{open.key}</h2>
              <p className="text-sm text-stone-500">of {open.row.label}</p>
            </div>
            <button type="button" onClick={() => setOpen(null)} className={buttonStyles.ghost} autoFocus>
              Close
            </button>
          </div>
          {open.error ? <p role="alert" className="text-sm text-red-700">{open.error}</p> : null}
          {open.history === null && !open.error ? <p className="text-sm text-stone-500">Loading…</p> : null}
          <ol className="space-y-3" data-testid="history">
            {open.history?.map((h) => (
              <li key={h.seq} className="rounded-lg border border-stone-200 p-3 text-sm">
                <p className="font-mono break-words whitespace-pre-wrap">{h.value}</p>
                <p className="mt-1 text-xs text-stone-500">
                  {new Date(h.at).toLocaleString()} · #{h.seq}
                </p>
                <p className="text-xs text-stone-700">{h.by}</p>
                {h.app ? (
                  <p className="text-xs text-stone-500">
                    in {h.app}
                    {h.position !== null ? `, page ${h.position}` : ""}
                    {h.round !== null ? `, round ${h.round}` : ""}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </aside>
      ) : null}
    </div>
  );
}
