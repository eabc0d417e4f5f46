import { sessionIdOf } from "./sessions.ts";
import { getParticipantView } from "../engine/participant/view.ts";
import type { JsonValue } from "../experiment/index.ts";
import { NotFoundError } from "../errors.ts";
import type { Db } from "../store/db.ts";
import { monitorRows, type MonitorRow } from "./monitor.ts";

/** The most players one multiview shows (each tile is a page render). */
export const MAX_VIEWED = 12;

/** "a,b, c,,a" → ["a", "b", "c"]: the players a multiview address names, in order, once each. */
export function parsePlayerList(raw: string | string[] | undefined): string[] {
  const parts = (Array.isArray(raw) ? raw : [raw ?? ""]).flatMap((r) => r.split(","));
  return [...new Set(parts.map((p) => p.trim()).filter(Boolean))];
}

/** The monitor rows of the named players, in the order named, and the names the session lacks; null without such a session. */
export async function namedPlayerRows(read: Db, sname: string, names: readonly string[]): Promise<{ rows: MonitorRow[]; unknown: string[] } | null> {
  const sessionId = await sessionIdOf(read, sname);
  if (sessionId === null) return null;
  const found = await read.player.findMany({ where: { sessionId, name: { in: [...names] } }, select: { id: true } });
  const byName = new Map((await monitorRows(read, { ids: found.map((p) => p.id) })).map((r) => [r.name, r]));
  return { rows: names.flatMap((n) => byName.get(n) ?? []), unknown: names.filter((n) => !byName.has(n)) };
}

/** The names of the session's first MAX_VIEWED players, in index order. */
export async function firstPlayerNames(read: Db, sname: string): Promise<string[]> {
  const sessionId = await sessionIdOf(read, sname);
  if (sessionId === null) throw new NotFoundError(`There is no session "${sname}"`);
  const players = await read.player.findMany({ where: { sessionId }, orderBy: { index: "asc" }, take: MAX_VIEWED, select: { name: true } });
  return players.map((p) => p.name);
}

/** One player's current page as the multiview shows it, as data. */
export interface PlayerView {
  name: string;
  /** what their address shows: start (not started), page, end, missing; while the session is paused, the page under the Paused page */
  state: "start" | "page" | "end" | "paused" | "missing";
  page: string | null;
  position: number | null;
  round: number | null;
  /** the page's fields: the stored value (null if none), and what an invalid submission kept */
  fields: { name: string; label: string; stored: JsonValue | null; typed: string | string[] | null; error: string | null }[];
  /** the page's time left in milliseconds, or null without a time limit */
  remainingMs: number | null;
}

/**
 * The players' current pages, read the way the participant page reads them, and changing
 * nothing: no start, no hook, no page visit, no last seen. Throws NotFoundError for an unknown
 * session or player.
 */
export async function playerViews(read: Db, sname: string, names: readonly string[]): Promise<PlayerView[]> {
  return Promise.all(
    names.map(async (name): Promise<PlayerView> => {
      const view = await getParticipantView(read, sname, name, { behindPause: true });
      if (view.kind !== "page") return { name, state: view.kind, page: view.kind === "missing" ? view.path : null, position: null, round: null, fields: [], remainingMs: null };
      const fields = await Promise.all(
        Object.entries(view.page.fields).map(async ([key, field]) => ({
          name: key,
          label: field.label,
          stored: (await view.context.player.get<JsonValue>(key)) ?? null,
          typed: view.pending && Object.hasOwn(view.pending.values, key) ? view.pending.values[key]! : null,
          error: view.pending?.errors[key] ?? null,
        })),
      );
      return { name, state: "page", page: view.path, position: view.position, round: view.context.round, fields, remainingMs: view.remainingMs };
    }),
  );
}
