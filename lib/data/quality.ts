import type { Db } from "../store/db.ts";
import { qualityFlagsColumn } from "../store/columns.ts";
import { QUALITY_FLAGS, type QualityFlag } from "../store/quality-flags.ts";

/** A session's data quality at a glance: the session page's summary (docs/data-quality.md). */
export interface QualitySummary {
  players: number;
  /** players with at least one flag */
  flagged: number;
  /** players per flag */
  byFlag: Record<QualityFlag, number>;
  /** page visits whose signals were recorded, by where they came from */
  visits: { browser: number; none: number; bot: number; invalid: number };
}

export async function qualitySummary(read: Db, sessionId: number): Promise<QualitySummary> {
  const [players, sources] = await Promise.all([
    read.player.findMany({ where: { sessionId }, select: { quality: true } }),
    read.pageVisit.groupBy({ by: ["signalSource"], where: { sessionId, signalSource: { not: null } }, _count: { _all: true } }),
  ]);
  const byFlag = Object.fromEntries(QUALITY_FLAGS.map((f) => [f, 0])) as Record<QualityFlag, number>;
  let flagged = 0;
  for (const p of players) {
    const flags = p.quality === null ? [] : qualityFlagsColumn.read(p.quality);
    if (flags.length > 0) flagged++;
    for (const f of flags) byFlag[f]++;
  }
  const visits = { browser: 0, none: 0, bot: 0, invalid: 0 };
  for (const s of sources) if (s.signalSource !== null && s.signalSource in visits) visits[s.signalSource as keyof typeof visits] = s._count._all;
  return { players: players.length, flagged, byFlag, visits };
}
