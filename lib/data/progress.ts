import { sessionIdOf } from "./sessions.ts";
import { parseEntry, pathOf } from "../experiment/page-order.ts";
import type { Db } from "../store/db.ts";
import { pageOrderColumn } from "../store/columns.ts";

/** One step of the funnel: a position of the page order and who is on it now. */
export interface ProgressStep {
  position: number;
  /** "app/Page" most players have at this position (orders differ where chance decides) */
  page: string;
  round: number | null;
  /** players on this position who are not dropouts */
  players: number;
  dropouts: number;
}

/** Cumulative counts up to `at` (the end of a time bucket). */
export interface ProgressPoint {
  at: string;
  started: number;
  finished: number;
}

/** Where a session stands: the funnel from start to end, and arrivals and finishes over time. */
export interface SessionProgress {
  players: number;
  notStarted: number;
  finished: number;
  /** every dropout wherever they are; steps count them per page too */
  dropouts: number;
  steps: ProgressStep[];
  timeline: ProgressPoint[];
}

/** At most this many points in the timeline: a study of thousands stays a small message. */
export const MAX_POINTS = 60;

/**
 * The session's progress, from two queries however many players it has: their positions, and
 * each one's first arrival (first page visit entered) and last departure. A player's start is
 * their first page visit; a finish is the departure of the last page of someone at the end.
 * Null when there is no such session.
 */
export async function sessionProgress(read: Db, sname: string): Promise<SessionProgress | null> {
  const sessionId = await sessionIdOf(read, sname);
  if (sessionId === null) return null;
  const [players, visits] = await Promise.all([
    read.player.findMany({ where: { sessionId }, select: { id: true, position: true, pageOrder: true, dropout: true } }),
    read.pageVisit.groupBy({ by: ["playerId"], where: { sessionId }, _min: { enteredAt: true }, _max: { leftAt: true } }),
  ]);
  const orders = players.map((p) => pageOrderColumn.read(p.pageOrder));
  const length = Math.max(0, ...orders.map((o) => o.length));
  const steps: ProgressStep[] = Array.from({ length }, (_, position) => ({ ...labelAt(orders, position), position, players: 0, dropouts: 0 }));
  let notStarted = 0;
  let finished = 0;
  let dropouts = 0;
  const finishedIds = new Set<number>();
  players.forEach((p, i) => {
    if (p.dropout) dropouts++;
    if (p.position < 0) notStarted++;
    else if (p.position >= orders[i]!.length) {
      finished++;
      finishedIds.add(p.id);
    } else if (p.dropout) steps[p.position]!.dropouts++;
    else steps[p.position]!.players++;
  });
  const starts = visits.flatMap((v) => (v._min.enteredAt ? [v._min.enteredAt.getTime()] : []));
  const finishes = visits.flatMap((v) => (finishedIds.has(v.playerId) && v._max.leftAt ? [v._max.leftAt.getTime()] : []));
  // Drawn up to now, so a study where nothing happens for a while shows that too.
  return { players: players.length, notStarted, finished, dropouts, steps, timeline: timelineOf(starts, finishes, Date.now()) };
}

/** The page most players' orders have at `position` (its round too): one label for the step. */
function labelAt(orders: readonly (readonly string[])[], position: number): { page: string; round: number | null } {
  const counts = new Map<string, number>();
  for (const o of orders) if (o[position] !== undefined) counts.set(o[position]!, (counts.get(o[position]!) ?? 0) + 1);
  const [entry] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  const e = parseEntry(entry);
  return { page: pathOf(e), round: e.round };
}

/**
 * Cumulative starts and finishes at the end of each of up to MAX_POINTS equal buckets from the
 * first start to the last event (or `until`, when later), plus a point just before the first
 * start (zero), so the chart draws a step from nothing. Bucket ends are whole seconds.
 */
export function timelineOf(starts: number[], finishes: number[], until = 0): ProgressPoint[] {
  if (starts.length === 0) return [];
  starts = [...starts].sort((a, b) => a - b);
  finishes = [...finishes].sort((a, b) => a - b);
  const first = Math.floor(starts[0]! / 1000) * 1000;
  const last = Math.max(starts.at(-1)!, finishes.at(-1) ?? 0, until);
  const bucket = Math.max(1000, Math.ceil((last - first + 1) / MAX_POINTS / 1000) * 1000);
  const points: ProgressPoint[] = [{ at: new Date(first - 1000).toISOString(), started: 0, finished: 0 }];
  let s = 0;
  let f = 0;
  for (let end = first + bucket; ; end += bucket) {
    while (s < starts.length && starts[s]! < end) s++;
    while (f < finishes.length && finishes[f]! < end) f++;
    points.push({ at: new Date(end).toISOString(), started: s, finished: f });
    if (end > last) return points;
  }
}
