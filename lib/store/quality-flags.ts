// The data-quality flags a page visit or a player can carry (lib/engine/quality/flags.ts says
// what raises each). Pure, so the admin's client components can import the list.

export const QUALITY_FLAGS = ["paste", "hidden", "fast", "attention", "duplicate"] as const;
export type QualityFlag = (typeof QUALITY_FLAGS)[number];
