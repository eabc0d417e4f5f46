"use client";

import { useState } from "react";
import { buttonStyles } from "@/components/ui/styles";
import type { MonitorRow } from "@/lib/data/monitor";
import { useAdminLive } from "./use-admin-live";

const pageOf = (r: MonitorRow) => (r.position < 0 ? "not started" : r.position >= r.pages ? "end" : (r.page ?? "?"));

/**
 * Tiles of players' pages, side by side. Each tile frames the read-only view of the player's
 * page (/admin/session/<sname>/view/<pname>/) in a sandbox without scripts or forms: nothing in
 * it can submit or open the participant socket, so the player is not counted online. The
 * monitor feed says when a player moves; their tile then reads the page again by itself.
 * Tiles have a fixed height, so the grid never jumps.
 */
export function Multiview({ sname, initialRows }: Readonly<{ sname: string; initialRows: MonitorRow[] }>) {
  const [rows, setRows] = useState(initialRows);
  // Bumped by Reload: a new key makes a new frame, which loads the page afresh.
  const [reloads, setReloads] = useState<Record<string, number>>({});
  const update = (changed: MonitorRow[]) => setRows((prev) => prev.map((r) => changed.find((c) => c.id === r.id) ?? r));

  useAdminLive(
    `multiview:${sname}`,
    async (socket) => {
      const result = await socket.emitWithAck("monitor:watch", { sname });
      if (result.ok) update(result.rows);
      return result.ok;
    },
    (socket) => socket.on("monitor:delta", ({ rows: changed }) => update(changed)),
  );

  return (
    <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
      {rows.map((r) => {
        const src = `/admin/session/${encodeURIComponent(sname)}/view/${encodeURIComponent(r.name)}/`;
        return (
          <li key={r.id} data-tile={r.name} className="flex h-[34rem] min-w-0 flex-col overflow-hidden rounded-xl border border-stone-200 bg-white shadow-sm">
            <header className="flex items-center gap-2 border-b border-stone-100 px-3 py-2 text-sm">
              <span aria-hidden className={`inline-block h-2 w-2 shrink-0 rounded-full ${r.online ? "bg-emerald-500" : "bg-stone-300"}`} />
              <span className="min-w-0 truncate font-mono text-xs" title={r.name}>
                {r.name}
              </span>
              {r.label ? <span className="truncate text-xs text-stone-500">{r.label}</span> : null}
              <span className="shrink-0 rounded bg-stone-100 px-1.5 py-0.5 text-[10px] font-medium tracking-wide text-stone-600 uppercase">read-only</span>
              <span className="ml-auto truncate font-mono text-xs text-stone-600" data-cell="page">
                {pageOf(r)}
              </span>
              <button type="button" aria-label={`Reload the page of ${r.name}`} onClick={() => setReloads((n) => ({ ...n, [r.name]: (n[r.name] ?? 0) + 1 }))} className={`${buttonStyles.ghost} shrink-0 px-2 py-1 text-xs`}>
                Reload
              </button>
            </header>
            {/* No allow-scripts, no allow-forms: the page is looked at, never used. */}
            <iframe
              key={`${r.position}:${r.page ?? ""}:${reloads[r.name] ?? 0}`}
              src={src}
              title={`Page of player ${r.name}`}
              sandbox="allow-same-origin"
              className="min-h-0 w-full flex-1 bg-stone-50"
            />
          </li>
        );
      })}
    </ul>
  );
}
