import { useState, type UIEvent } from "react";

/**
 * The rows of a scrolling table to render: only those in view and `overscan` around them, the
 * rest stood for by blank rows of the same height (the table's `onScroll` keeps the view). Fixed
 * row heights make the slice a matter of arithmetic on the scroll offset. A table of at most
 * `from` rows renders them all.
 */
export function useVisibleRows(count: number, { rowHeight, overscan, from = 0 }: { rowHeight: number; overscan: number; from?: number }) {
  const [view, setView] = useState({ top: 0, height: 800 });
  const onScroll = (e: UIEvent<HTMLElement>) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight });
  if (count <= from) return { first: 0, last: count, onScroll };
  const first = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  return { first, last, onScroll };
}
