"use client";

import { useEffect, useRef, useState } from "react";
import { island } from "@/lib/experiment/island";
import { t, type Locale } from "@/lib/i18n";

const format = (ms: number) => {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/** The auto-submit goes this much before zero, so it reaches the server before the deadline. */
const EARLY_MS = 300;

/**
 * The time left on the page, counted on the browser's monotonic clock from what the server
 * said at render (so a wrong system clock does not matter). Just before zero it submits the
 * page with whatever is filled in, marked as the timeout's (_timeout): the server keeps valid
 * answers and moves on either way. It submits at most once per page visit, and not if the
 * participant submitted already. Without JavaScript the server's sweep moves them on.
 */
function CountdownView({ locale, remainingMs, formId, onceKey }: Readonly<{ locale: Locale; remainingMs: number; formId: string; onceKey: string }>) {
  const [left, setLeft] = useState(remainingMs);
  const done = useRef(false);
  useEffect(() => {
    const form = document.getElementById(formId) as HTMLFormElement | null;
    const key = `sprout-timeout:${location.pathname}:${onceKey}`;
    // Already auto-submitted here (the server answered with this page again): never loop.
    done.current = sessionStorage.getItem(key) !== null;
    const clicked = () => (done.current = true);
    form?.addEventListener("submit", clicked);
    const start = performance.now();
    const tick = () => {
      const now = Math.max(0, remainingMs - (performance.now() - start));
      setLeft(now);
      if (now <= EARLY_MS && !done.current && form) {
        done.current = true;
        sessionStorage.setItem(key, "1");
        const marker = Object.assign(document.createElement("input"), { type: "hidden", name: "_timeout", value: "1" });
        form.append(marker);
        // form.submit() fires no submit event: the data-quality script adds its summary on this one (client/quality.ts).
        form.dispatchEvent(new Event("sprout:before-submit", { bubbles: true }));
        // Not requestSubmit(): at the deadline the browser must not hold the answers back for validation.
        form.submit();
      }
    };
    tick();
    const timer = setInterval(tick, 100);
    return () => {
      clearInterval(timer);
      form?.removeEventListener("submit", clicked);
    };
  }, [remainingMs, formId, onceKey]);
  const urgent = left < 15_000;
  return (
    <p
      data-testid="countdown"
      role="timer"
      aria-live={urgent ? "assertive" : "off"}
      className={`rounded-lg px-3 py-2 text-sm font-medium tabular-nums ${urgent ? "bg-red-50 text-red-800" : left < 60_000 ? "bg-amber-50 text-amber-900" : "bg-stone-100 text-stone-700"}`}
    >
      {t(locale, "countdown.timeLeft", { time: format(left) })}
    </p>
  );
}

export const Countdown = island("countdown", CountdownView);
