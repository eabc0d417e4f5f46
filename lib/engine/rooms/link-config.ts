import type { Db } from "../../store/db.ts";

// Which config a room or sessionwide link belongs to, for the language of its pages (the
// config's `language`). Read apart from the join itself: a page that refuses (no places, a
// wrong access code, a link without its parameters) is written in that language too.

/** The config of a room: its own, else that of the session it is associated with; null when it has neither (or does not exist). */
export async function roomConfigName(read: Db, room: string): Promise<string | null> {
  const row = await read.room.findUnique({ where: { name: room }, select: { config: true } });
  if (row?.config) return row.config;
  return (await read.session.findUnique({ where: { room }, select: { config: true } }))?.config ?? null;
}

/** The config of the session named `sname`, or null. */
export async function sessionConfigName(read: Db, sname: string): Promise<string | null> {
  return (await read.session.findUnique({ where: { name: sname }, select: { config: true } }))?.config ?? null;
}
