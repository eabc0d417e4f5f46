import { pathAt } from "../experiment/page-order.ts";
import { onlinePlayerIds } from "../store/connections.ts";
import type { Db } from "../store/db.ts";

/** One row of the admin's player monitor. */
export interface MonitorRow {
  id: number;
  sessionId: number;
  index: number;
  name: string;
  label: string;
  /** -1 before the start; pages at the end */
  position: number;
  pages: number;
  /** "app/Page" of the current page, null before the start or at the end */
  page: string | null;
  round: number | null;
  group: string | null;
  memberIndex: number | null;
  dropout: boolean;
  started: boolean;
  /** ISO time */
  lastSeen: string | null;
  online: boolean;
}

/** The monitor rows of a session's players (all, or those with these ids), in creation order. */
export async function monitorRows(read: Db, where: { sessionId: number } | { ids: number[] }): Promise<MonitorRow[]> {
  const players = await read.player.findMany({
    where: "ids" in where ? { id: { in: where.ids } } : { sessionId: where.sessionId },
    orderBy: { index: "asc" },
    include: { group: { select: { name: true } } },
  });
  const online = await onlinePlayerIds(read, "ids" in where ? where.ids : where);
  return players.map((p) => {
    const order = JSON.parse(p.pageOrder) as string[];
    return {
      id: p.id,
      sessionId: p.sessionId,
      index: p.index,
      name: p.name,
      label: p.label,
      position: p.position,
      pages: order.length,
      page: pathAt(order, p.position),
      round: p.round,
      group: p.group?.name ?? null,
      memberIndex: p.memberIndex,
      dropout: p.dropout,
      started: p.started,
      lastSeen: p.lastSeen?.toISOString() ?? null,
      // a tab open on any instance (the database knows; this process may hold none of them)
      online: online.has(p.id),
    };
  });
}
