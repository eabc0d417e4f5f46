import { RESERVED_FIELD_NAMES } from "../experiment/index.ts";
import { pagesOf, pathAt } from "../experiment/page-order.ts";
import { getApp } from "../project.ts";
import { onlinePlayerIds } from "../store/connections.ts";
import { playerFieldValues } from "./player-fields.ts";
import type { Db } from "../store/db.ts";
import { entryParamsColumn, monitorFieldsColumn, pageOrderColumn, qualityFlagsColumn, type QualityFlag } from "../store/columns.ts";

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
  /** "bot" while a stand-in bot plays the dropout's seat, "finished" once it played it to the end; null otherwise */
  standIn: string | null;
  started: boolean;
  /** ISO time */
  lastSeen: string | null;
  online: boolean;
  /** the current values of the session's monitor field columns (null when unset) */
  fields: Record<string, unknown>;
  /** the entry link's parameters the config keeps (recruitment IDs), {} when none or erased */
  entry: Record<string, string>;
  /** the data-quality flags the player raised so far (docs/data-quality.md), [] when none */
  quality: QualityFlag[];
}

/** The monitor's field columns as stored on the session (a JSON list of names; anything else reads as none). */
/** The monitor rows of a session's players (all, or those with these ids), in creation order. */
export async function monitorRows(read: Db, where: { sessionId: number } | { ids: number[] }): Promise<MonitorRow[]> {
  const players = await read.player.findMany({
    where: "ids" in where ? { id: { in: where.ids } } : { sessionId: where.sessionId },
    orderBy: { index: "asc" },
    include: { group: { select: { name: true } } },
  });
  const online = await onlinePlayerIds(read, "ids" in where ? where.ids : where);
  const sessions = await read.session.findMany({ where: { id: { in: [...new Set(players.map((p) => p.sessionId))] } }, select: { id: true, monitorFields: true } });
  const columns = new Map(sessions.map((s) => [s.id, monitorFieldsColumn.read(s.monitorFields)]));
  const keys = [...new Set([...columns.values()].flat())];
  const values = await playerFieldValues(read, "ids" in where ? where.ids : where, keys);
  return players.map((p) => {
    const order = pageOrderColumn.read(p.pageOrder);
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
      standIn: p.standIn,
      started: p.started,
      lastSeen: p.lastSeen?.toISOString() ?? null,
      // a tab open on any instance (the database knows; this process may hold none of them)
      online: online.has(p.id),
      fields: Object.fromEntries((columns.get(p.sessionId) ?? []).map((key) => [key, values.get(p.id)?.[key] ?? null])),
      entry: p.entryParams === null ? {} : entryParamsColumn.read(p.entryParams),
      quality: p.quality === null ? [] : qualityFlagsColumn.read(p.quality),
    };
  });
}

/**
 * The player fields an admin can add as monitor columns: every field the config's pages ask
 * for, and every other player field written in the session so far (by hooks, live methods or
 * admins), without the ones the monitor shows anyway; sorted.
 */
export async function monitorFieldChoices(read: Db, sessionId: number, apps: readonly string[]): Promise<string[]> {
  const declared = apps.flatMap((name) => {
    const app = getApp(name);
    return app ? pagesOf(app).flatMap((page) => (page.kind === "page" ? Object.keys(page.fields) : [])) : [];
  });
  // In SQL: Prisma's distinct would fetch every value row and dedupe them in memory.
  const written = await read.$queryRaw<{ key: string }[]>`SELECT DISTINCT "key" FROM "FieldValue" WHERE "sessionId" = ${sessionId} AND "ownerKind" = 'player'`;
  return [...new Set([...declared, ...written.map((w) => w.key)])].filter((k) => !RESERVED_FIELD_NAMES.has(k)).sort();
}
