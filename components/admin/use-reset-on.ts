"use client";

import { useState } from "react";

/**
 * Runs `reset` (during render, so the form never shows a stale frame) when `stored` changes:
 * a value saved meanwhile, by this action or another admin, replaces what a form shows.
 */
export function useResetOn<T>(stored: T, reset: (previous: T) => void): void {
  const [seen, setSeen] = useState(stored);
  if (!Object.is(stored, seen)) {
    setSeen(stored);
    reset(seen);
  }
}
