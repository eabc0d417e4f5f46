"use client";

import { useState } from "react";
import { buttonStyles } from "@/components/ui/styles";
import { CopyButton } from "./copy-button";

/** How many links the list shows before "Show all" (a session of thousands would be megabytes of page). */
const FIRST = 100;

/**
 * A session's player links, built here from the names: the page sends each name once instead
 * of each address, a list item and a copy button per player. Copy all copies every link.
 */
export function PlayerLinks({ base, sname, names }: Readonly<{ base: string; sname: string; names: readonly string[] }>) {
  const [all, setAll] = useState(false);
  const url = (name: string) => `${base}/p/${encodeURIComponent(sname)}/${encodeURIComponent(name)}/`;
  const listed = all ? names : names.slice(0, FIRST);
  return (
    <details open={names.length <= 20}>
      <summary className="cursor-pointer text-sm font-medium text-stone-800">Player links ({names.length})</summary>
      <div className="mt-2 flex justify-end">
        <CopyButton text={names.map(url).join("\n")} label="Copy all links" copiedLabel="All links copied" />
      </div>
      <ol className="mt-2 max-h-96 divide-y divide-stone-100 overflow-y-auto rounded-lg border border-stone-200 text-sm" data-testid="player-links">
        {listed.map(url).map((href, i) => (
          <li key={href} className="flex items-center gap-3 px-3 py-1">
            <span className="w-8 text-right text-xs text-stone-400 tabular-nums">{i}</span>
            <a href={href} target="_blank" rel="noreferrer" className="min-w-0 flex-1 truncate font-mono text-emerald-800 hover:underline">
              {href}
            </a>
            <CopyButton text={href} className="rounded px-2 py-0.5 text-xs text-stone-600 hover:bg-stone-100" />
          </li>
        ))}
      </ol>
      {listed.length < names.length ? (
        <button type="button" onClick={() => setAll(true)} className={`${buttonStyles.ghost} mt-2`}>
          Show all {names.length} links
        </button>
      ) : null}
    </details>
  );
}
