import type { QualityFlag } from "../store/quality-flags.ts";

// How each data-quality flag is named where people read it: the monitor's badges, the session's
// summary, the data page (docs/data-quality.md explains each). Pure: client components import it.

export const QUALITY_LABELS: Readonly<Record<QualityFlag, { badge: string; means: string }>> = {
  paste: { badge: "pasted", means: "pasted text into a field" },
  hidden: { badge: "left page", means: "switched to another tab or window while on a page" },
  fast: { badge: "too fast", means: "submitted a page sooner than its minimum time" },
  attention: { badge: "attention failed", means: "answered an attention check other than expected" },
  duplicate: { badge: "same browser", means: "entered this session twice from the same browser" },
};
