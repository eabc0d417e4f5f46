"use client";

import { useEffect, useRef, useState } from "react";

const format = (ms: number) => {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * The time left on the page, counted on the browser's monotonic clock from what the server
 * said at render (so a wrong system clock does not matter). At zero it submits the page with
 * whatever is filled in; the server keeps valid answers and moves on either way. Without
 * JavaScript the server's sweep moves the participant on.
 */
export function Countdown({ remainingMs, formId }: Readonly<{ remainingMs: number; formId: string }>) {
  const [left, setLeft] = useState(remainingMs);
  const submitted = useRef(false);
  useEffect(() => {
    const start = performance.now();
    const tick = () => {
      const now = Math.max(0, remainingMs - (performance.now() - start));
      setLeft(now);
      if (now === 0 && !submitted.current) {
        submitted.current = true;
        const form = document.getElementById(formId) as HTMLFormElement | null;
        // Not requestSubmit(): at the deadline the browser must not hold the answers back for validation.
        form?.submit();
      }
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [remainingMs, formId]);
  const urgent = left < 15_000;
  return (
    <p
      data-testid="countdown"
      role="timer"
      aria-live={urgent ? "assertive" : "off"}
      className={`rounded-lg px-3 py-2 text-sm font-medium tabular-nums ${urgent ? "bg-red-50 text-red-800" : left < 60_000 ? "bg-amber-50 text-amber-900" : "bg-stone-100 text-stone-700"}`}
    >
      Time left on this page: {format(left)}
    </p>
  );
}
