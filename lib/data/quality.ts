import type { Db } from "../store/db.ts";
import { pageSignalsColumn, qualityFlagsColumn, type PageSignals } from "../store/columns.ts";
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

/** One page visit's quality, for the data page's per-player detail. */
export interface VisitQuality {
  position: number;
  page: string;
  round: number | null;
  /** seconds on the page by the server's clock; null while still there */
  seconds: number | null;
  leftHow: string | null;
  signals: PageSignals | null;
  flags: QualityFlag[];
}

/** A player's flags and visits with their signals; null when there is no such player. */
export async function playerQuality(read: Db, sessionId: number, name: string): Promise<{ name: string; flags: QualityFlag[]; visits: VisitQuality[] } | null> {
  const player = await read.player.findFirst({ where: { sessionId, name }, select: { id: true, name: true, quality: true } });
  if (!player) return null;
  const visits = await read.pageVisit.findMany({ where: { playerId: player.id }, orderBy: { id: "asc" }, select: { position: true, page: true, round: true, enteredAt: true, leftAt: true, leftHow: true, signals: true, flags: true } });
  return {
    name: player.name,
    flags: player.quality === null ? [] : qualityFlagsColumn.read(player.quality),
    visits: visits.map((v) => ({
      position: v.position,
      page: v.page,
      round: v.round,
      seconds: v.leftAt === null ? null : Math.round(v.leftAt.getTime() - v.enteredAt.getTime()) / 1000,
      leftHow: v.leftHow,
      signals: v.signals === null ? null : pageSignalsColumn.read(v.signals),
      flags: v.flags === null ? [] : qualityFlagsColumn.read(v.flags),
    })),
  };
}

/** The session's flagged players (name and flags), in creation order. */
export async function flaggedPlayers(read: Db, sessionId: number): Promise<{ name: string; flags: QualityFlag[] }[]> {
  const players = await read.player.findMany({ where: { sessionId, quality: { not: null } }, orderBy: { index: "asc" }, select: { name: true, quality: true } });
  return players.map((p) => ({ name: p.name, flags: qualityFlagsColumn.read(p.quality!) })).filter((p) => p.flags.length > 0);
}
