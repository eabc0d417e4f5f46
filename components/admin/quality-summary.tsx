"use client";

import { Badge } from "@/components/ui/badge";
import { useMonitorRead } from "./use-monitor-read";
import type { QualitySummary } from "@/lib/data/quality";
import { QUALITY_LABELS } from "@/lib/data/quality-labels";
import { QUALITY_FLAGS } from "@/lib/store/quality-flags";

/**
 * The session's data quality: players flagged, by flag, and where the page signals came from
 * (docs/data-quality.md), read again whenever the monitor feed says players changed.
 */
export function QualitySummaryView({ sname, initial, off }: Readonly<{ sname: string; initial: QualitySummary; off: boolean }>) {
  const summary = useMonitorRead(`quality:${sname}`, initial, async (socket) => {
    const result = await socket.emitWithAck("quality:watch", { sname });
    return result.ok ? result.quality : null;
  });
  const { visits } = summary;
  const recorded = visits.browser + visits.none + visits.bot + visits.invalid;
  return (
    <div className="space-y-3 text-sm" data-testid="quality-summary">
      <p>
        <strong className="tabular-nums">{summary.flagged}</strong> of <span className="tabular-nums">{summary.players}</span> players flagged
        {summary.flagged > 0 ? " (the monitor's Quality filter lists them)" : ""}.
      </p>
      <ul className="flex flex-wrap gap-2">
        {QUALITY_FLAGS.map((flag) => (
          <li key={flag} data-flag={flag} title={QUALITY_LABELS[flag].means}>
            <Badge tone={summary.byFlag[flag] > 0 ? "amber" : "grey"}>
              {QUALITY_LABELS[flag].badge}: <span className="ml-1 tabular-nums">{summary.byFlag[flag]}</span>
            </Badge>
          </li>
        ))}
      </ul>
      <p className="text-stone-600">
        {off
          ? "This config switches the browser signals off: only the declared checks (attention, minimum time) are recorded."
          : recorded === 0
            ? "No page submitted yet."
            : `Page visits with signals: ${visits.browser} from the browser, ${visits.none} without JavaScript (no signals), ${visits.bot} by bots (not counted as participants)${visits.invalid ? `, ${visits.invalid} unreadable` : ""}.`}
      </p>
    </div>
  );
}
