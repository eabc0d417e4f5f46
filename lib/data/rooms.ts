import { effectiveCapacity, isFreeJoin, letsIn, roomLabels } from "../engine/rooms/rules.ts";
import type { Db } from "../store/db.ts";
import type { Room } from "../store/generated/client.ts";

export interface RoomSummary {
  name: string;
  config: string | null;
  /** null: no access codes; []: any code */
  labels: string[] | null;
  capacity: number | null;
  /** the capacity in force: the capacity, else the number of labels; null = no limit */
  effectiveCapacity: number | null;
  open: boolean;
  freeJoin: boolean;
  /** new participants wait (closed, or nothing to start a session from) */
  waiting: boolean;
  fromProject: boolean;
  createdAt: Date;
  session: { name: string; players: number; started: number } | null;
}

export interface RoomDetail extends RoomSummary {
  /** labels of the session's started players (they are in, not waiting) */
  joinedLabels: string[];
}

function summaryOf(room: Room, session: RoomSummary["session"]): RoomSummary {
  return {
    name: room.name,
    config: room.config,
    labels: roomLabels(room),
    capacity: room.capacity,
    effectiveCapacity: effectiveCapacity(room),
    open: room.open,
    freeJoin: isFreeJoin(room),
    waiting: !letsIn(room, session !== null),
    fromProject: room.fromProject,
    createdAt: room.createdAt,
    session,
  };
}

/** Every room by name, with its session's player counts: three queries however many rooms. */
export async function listRooms(read: Db): Promise<RoomSummary[]> {
  const rooms = await read.room.findMany({ orderBy: { name: "asc" } });
  if (rooms.length === 0) return [];
  const sessions = await read.session.findMany({ where: { room: { in: rooms.map((r) => r.name) } }, select: { id: true, name: true, room: true } });
  const started = await read.player.groupBy({ by: ["sessionId", "started"], where: { sessionId: { in: sessions.map((s) => s.id) } }, _count: { _all: true } });
  const byRoom = new Map(
    sessions.map((s) => {
      const counts = started.filter((c) => c.sessionId === s.id);
      const players = counts.reduce((n, c) => n + c._count._all, 0);
      return [s.room!, { name: s.name, players, started: counts.find((c) => c.started)?._count._all ?? 0 }];
    }),
  );
  return rooms.map((r) => summaryOf(r, byRoom.get(r.name) ?? null));
}

/** One room for its admin page, or null when there is none by that name. */
export async function roomDetail(read: Db, name: string): Promise<RoomDetail | null> {
  const room = await read.room.findUnique({ where: { name } });
  if (!room) return null;
  const session = await read.session.findUnique({ where: { room: name }, select: { id: true, name: true } });
  if (!session) return { ...summaryOf(room, null), joinedLabels: [] };
  const [players, joined] = await Promise.all([
    read.player.count({ where: { sessionId: session.id } }),
    read.player.findMany({ where: { sessionId: session.id, started: true }, select: { label: true } }),
  ]);
  return { ...summaryOf(room, { name: session.name, players, started: joined.length }), joinedLabels: joined.map((p) => p.label).filter(Boolean) };
}
