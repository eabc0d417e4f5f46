import type { Db } from "../store/db.ts";

export type TestingFilter = "all" | "hide" | "only";

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

const testingWhere = (testing: TestingFilter) => (testing === "hide" ? { testing: false } : testing === "only" ? { testing: true } : {});

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
  return sessions.map((s) => ({
    name: s.name,
    config: s.config,
    apps: JSON.parse(s.apps) as string[],
    description: s.description,
    active: s.active,
    testing: s.testing,
    initialized: s.initialized,
    room: s.room,
    createdAt: s.createdAt,
    players: s._count.players,
    started: startedBy.get(s.id) ?? 0,
    dropouts: dropoutsBy.get(s.id) ?? 0,
    groups: s._count.groups,
  }));
}

export interface SessionDetail extends SessionSummary {
  id: number;
  secret: string;
  settings: Record<string, unknown>;
  playerNames: string[];
}

/** One session for its admin page, or null when there is none by that name. */
export async function sessionDetail(read: Db, sname: string): Promise<SessionDetail | null> {
  const session = await read.session.findUnique({
    where: { name: sname },
    include: { _count: { select: { players: true, groups: true } }, players: { orderBy: { index: "asc" }, select: { name: true, started: true, dropout: true } } },
  });
  if (!session) return null;
  return {
    name: session.name,
    config: session.config,
    apps: JSON.parse(session.apps) as string[],
    description: session.description,
    active: session.active,
    testing: session.testing,
    initialized: session.initialized,
    room: session.room,
    createdAt: session.createdAt,
    players: session._count.players,
    started: session.players.filter((p) => p.started).length,
    dropouts: session.players.filter((p) => p.dropout).length,
    groups: session._count.groups,
    id: session.id,
    secret: session.secret,
    settings: JSON.parse(session.settings) as Record<string, unknown>,
    playerNames: session.players.map((p) => p.name),
  };
}
