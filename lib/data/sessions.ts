import type { Db } from "../store/db.ts";
import type { Session } from "../store/generated/client.ts";
import { monitorFieldsColumn } from "../store/columns.ts";
import type { CodeVersion } from "../code-version.ts";
import { codeVersionColumn, sessionAppsColumn, sessionSettingsColumn } from "../store/columns.ts";

/** Which sessions a list or export takes: all, without test runs, or test runs only. */
export const TESTING_FILTERS = ["all", "hide", "only"] as const;
export type TestingFilter = (typeof TESTING_FILTERS)[number];

export interface SessionSummary {
  name: string;
  config: string;
  apps: string[];
  description: string;
  active: boolean;
  testing: boolean;
  initialized: boolean;
  room: string | null;
  createdAt: Date;
  players: number;
  started: number;
  dropouts: number;
  groups: number;
}

export const testingWhere = (testing: TestingFilter) => (testing === "hide" ? { testing: false } : testing === "only" ? { testing: true } : {});

/** Sessions with their key counts, newest first: three queries however many sessions there are. */
export async function listSessions(read: Db, options: { active?: boolean; testing?: TestingFilter } = {}): Promise<SessionSummary[]> {
  const sessions = await read.session.findMany({
    where: { ...(options.active === undefined ? {} : { active: options.active }), ...testingWhere(options.testing ?? "all") },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { _count: { select: { players: true, groups: true } } },
  });
  if (sessions.length === 0) return [];
  const ids = sessions.map((s) => s.id);
  const [started, dropouts] = await Promise.all([
    read.player.groupBy({ by: ["sessionId"], where: { sessionId: { in: ids }, started: true }, _count: { _all: true } }),
    read.player.groupBy({ by: ["sessionId"], where: { sessionId: { in: ids }, dropout: true }, _count: { _all: true } }),
  ]);
  const count = (rows: { sessionId: number; _count: { _all: number } }[]) => new Map(rows.map((r) => [r.sessionId, r._count._all]));
  const startedBy = count(started);
  const dropoutsBy = count(dropouts);
  return sessions.map((s) => ({ ...summaryOf(s), started: startedBy.get(s.id) ?? 0, dropouts: dropoutsBy.get(s.id) ?? 0 }));
}

type SessionWithCounts = Pick<Session, "name" | "config" | "apps" | "description" | "active" | "testing" | "initialized" | "room" | "createdAt"> & { _count: { players: number; groups: number } };

function summaryOf(s: SessionWithCounts): Omit<SessionSummary, "started" | "dropouts"> {
  return {
    name: s.name,
    config: s.config,
    apps: [...sessionAppsColumn.read(s.apps)],
    description: s.description,
    active: s.active,
    testing: s.testing,
    initialized: s.initialized,
    room: s.room,
    createdAt: s.createdAt,
    players: s._count.players,
    groups: s._count.groups,
  };
}

/** One session for its admin page (its players come with the monitor's rows). */
interface SessionDetail extends Omit<SessionSummary, "started" | "dropouts"> {
  id: number;
  secret: string;
  settings: Record<string, unknown>;
  /** the player fields its monitor shows as columns */
  monitorFields: string[];
  /** the code it was created with; null for sessions from before that was recorded */
  codeVersion: CodeVersion | null;
}

/** One session for its admin page, or null when there is none by that name. */
/** A session's id by its name, or null when there is none. */
export async function sessionIdOf(read: Db, sname: string): Promise<number | null> {
  return (await read.session.findUnique({ where: { name: sname }, select: { id: true } }))?.id ?? null;
}

/** The names of a session's players in index order (for their links; the monitor's rows come over its socket). */
export async function playerNames(read: Db, sessionId: number): Promise<string[]> {
  return (await read.player.findMany({ where: { sessionId }, orderBy: { index: "asc" }, select: { name: true } })).map((p) => p.name);
}

export async function sessionDetail(read: Db, sname: string): Promise<SessionDetail | null> {
  const session = await read.session.findUnique({ where: { name: sname }, include: { _count: { select: { players: true, groups: true } } } });
  if (!session) return null;
  return {
    ...summaryOf(session),
    id: session.id,
    secret: session.secret,
    settings: sessionSettingsColumn.read(session.settings),
    monitorFields: monitorFieldsColumn.read(session.monitorFields),
    codeVersion: session.codeVersion === null ? null : codeVersionColumn.read(session.codeVersion),
  };
}
