import type { PageDef } from "../../experiment/index.ts";
import { hasConfig, getConfig } from "../../project.ts";

/** A config's data-quality settings with their defaults (lib/experiment/project.ts QualityDef). */
export interface QualitySettings {
  signals: boolean;
  minSeconds: number | null;
  duplicates: "flag" | "screenOut" | false;
  fingerprint: boolean;
}

const DEFAULTS: QualitySettings = { signals: true, minSeconds: null, duplicates: "flag", fingerprint: true };

export function qualityOf(configName: string): QualitySettings {
  const q = hasConfig(configName) ? getConfig(configName).quality : undefined;
  if (!q) return DEFAULTS;
  return { signals: q.signals ?? true, minSeconds: q.minSeconds ?? null, duplicates: q.duplicates ?? "flag", fingerprint: q.fingerprint ?? true };
}

/** The fewest seconds for this page: its own minSeconds, else the config's; null for none. */
export const minSecondsOf = (settings: QualitySettings, page: PageDef) => page.minSeconds ?? settings.minSeconds;
