"use client";

import { useEffect, useState } from "react";
import type { SessionProgress } from "@/lib/data/progress";
import { FunnelPlot, TimelinePlot } from "./progress-plots";
import { useMonitorRead } from "./use-monitor-read";

/**
 * The session at a glance: how many players are on each page (dropouts apart), and arrivals
 * and finishes over time, read again whenever the monitor feed says players changed. The plots
 * are drawn after mount only (their size is the browser's), inside boxes of fixed height, so
 * the page does not move when they appear or change.
 */
export function ProgressChart({ sname, initial }: Readonly<{ sname: string; initial: SessionProgress }>) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const progress = useMonitorRead(`progress:${sname}`, initial, async (socket) => {
    const result = await socket.emitWithAck("progress:watch", { sname });
    return result.ok ? result.progress : null;
  });

  const onPages = progress.steps.reduce((n, s) => n + s.players, 0);
  return (
    <div className="space-y-3" data-testid="progress">
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-stone-600" data-testid="progress-counts">
        <Count n={progress.notStarted} label="not started" name="notStarted" />
        <Count n={onPages} label="on a page" name="onPages" />
        <Count n={progress.finished} label="finished" name="finished" />
        <Count n={progress.dropouts} label="dropouts" name="dropouts" />
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <figure>
          <figcaption className="mb-1 text-xs font-medium text-stone-500">Players on each page</figcaption>
          <div className="h-56" data-testid="progress-funnel">
            {mounted ? <FunnelPlot progress={progress} /> : null}
          </div>
        </figure>
        <figure>
          <figcaption className="mb-1 text-xs font-medium text-stone-500">Started and finished over time</figcaption>
          <div className="h-56" data-testid="progress-timeline">
            {mounted ? <TimelinePlot progress={progress} /> : null}
          </div>
        </figure>
      </div>
      {/* The funnel's numbers, for screen readers (and tests): the plot itself is a picture. */}
      <table className="sr-only">
        <caption>Players on each page</caption>
        <tbody>
          {progress.steps.map((s) => (
            <tr key={s.position} data-step={s.position} data-page={s.page}>
              <th scope="row">{s.page}</th>
              <td data-cell="players">{s.players}</td>
              <td data-cell="dropouts">{s.dropouts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Count({ n, label, name }: Readonly<{ n: number; label: string; name: string }>) {
  return (
    <span data-count={name}>
      <strong className="text-stone-900 tabular-nums">{n}</strong> {label}
    </span>
  );
}
