"use client";

import { useEffect, useState } from "react";
import { island } from "@/lib/experiment/island";
import { t, type Locale } from "@/lib/i18n";

const clock = (ms: number, round: (x: number) => number) => {
  const s = Math.max(0, round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * On a wait page: how long the participant has waited, and (where the app shows it) the time
 * left before the wait's fallback, counted on the browser's monotonic clock from what the
 * server said at render. At zero nothing is submitted: the server's sweep applies the
 * fallback and the page follows its push. Without JavaScript the server-rendered values show.
 */
function WaitClockView({ locale, waitedMs, remainingMs }: Readonly<{ locale: Locale; waitedMs: number; remainingMs: number | null }>) {
  const [passed, setPassed] = useState(0);
  useEffect(() => {
    const start = performance.now();
    const timer = setInterval(() => setPassed(performance.now() - start), 250);
    return () => clearInterval(timer);
  }, [waitedMs, remainingMs]);
  const left = remainingMs === null ? null : Math.max(0, remainingMs - passed);
  return (
    <div data-testid="wait-clock" className="flex flex-wrap gap-3 text-sm tabular-nums">
      <p role="timer" aria-live="off" className="rounded-lg bg-stone-100 px-3 py-2 text-stone-700">
        {t(locale, "wait.waited", { time: clock(waitedMs + passed, Math.floor) })}
      </p>
      {left === null ? null : left > 0 ? (
        <p role="timer" aria-live="off" data-testid="wait-time-left" className="rounded-lg bg-amber-50 px-3 py-2 font-medium text-amber-900">
          {t(locale, "wait.timeLeft", { time: clock(left, Math.ceil) })}
        </p>
      ) : (
        <p role="status" data-testid="wait-time-left" className="rounded-lg bg-amber-50 px-3 py-2 font-medium text-amber-900">
          {t(locale, "wait.timeUp")}
        </p>
      )}
    </div>
  );
}

export const WaitClock = island("wait-clock", WaitClockView);
