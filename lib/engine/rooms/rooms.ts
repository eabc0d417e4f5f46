import { z } from "zod";
import { ConflictError, InvalidInputError, NotFoundError } from "../../errors.ts";
import { LABEL_PATTERN, labelListProblem } from "../../experiment/room-labels.ts";
import { recordAudit } from "../../store/audit.ts";
import type { Db, Tx } from "../../store/db.ts";
import { adminBy, recordWrites } from "../../store/field-log.ts";
import { transaction, type News } from "../../store/outbox.ts";
import { getConfig, projectRooms } from "../../project.ts";
import { acceptsLabel, letsIn } from "./rules.ts";
import { checkCreate, insertSession, MAX_PLAYERS, uniqueViolationOf, withSessionName, type TCreateSession } from "../admin/sessions.ts";
import { nameProblem } from "../core/names.ts";
import { shuffled } from "../core/shuffle.ts";
import { roomLabelsColumn } from "../../store/columns.ts";

// The admin's room operations. Each runs in one transaction that first takes the room's
// write lock (see lockRoom), so it cannot interleave with a participant's join. Its news goes
// out after commit: the room's admin tabs re-read it, and where the change lets people in (or
// the room is gone) its waiting pages are woken.

const ZRoomSettings = z.object({
  config: z.string().min(1).nullable(),
  labels: z.array(z.string()).max(MAX_PLAYERS, `At most ${MAX_PLAYERS} labels`).nullable(),
  capacity: z
    .number({ error: "Capacity must be a whole number" })
    .int("Capacity must be a whole number")
    .min(1, "Capacity must be at least 1")
    .max(MAX_PLAYERS, `Capacity can be at most ${MAX_PLAYERS}`)
    .nullable(),
  open: z.boolean(),
});
type RoomSettings = z.infer<typeof ZRoomSettings>;

function invalid(field: string, message: string): never {
  throw new InvalidInputError(message, { [field]: [message] });
}

/** Checks room settings; every problem names its form field. */
function checkRoomSettings(input: unknown): RoomSettings {
  const parsed = ZRoomSettings.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(String(issue?.path[0] ?? "form"), issue?.message ?? "Invalid room settings");
  }
  const settings = parsed.data;
  if (settings.config !== null) {
    try {
      getConfig(settings.config);
    } catch (e) {
      invalid("config", (e as Error).message);
    }
  }
  const problem = settings.labels ? labelListProblem(settings.labels) : null;
  if (problem) invalid("labels", problem);
  return settings;
}

const stored = (s: RoomSettings) => ({ config: s.config, labels: s.labels === null ? null : roomLabelsColumn.write(s.labels), capacity: s.capacity, open: s.open });

/**
 * Takes the room's write lock as the transaction's first statement: joins and admin changes
 * of one room then run one after another, on SQLite (one writer; a write first never meets a
 * stale read snapshot) and on PostgreSQL (the row lock), with one instance or several.
 */
export async function lockRoom(tx: Tx, name: string) {
  const [room] = await tx.room.updateManyAndReturn({ where: { name }, data: { joins: { increment: 1 } } });
  if (!room) throw new NotFoundError(`There is no room "${name}"`);
  const session = await tx.session.findUnique({ where: { room: name }, select: { id: true, name: true, config: true } });
  return { room, session };
}

async function roomAction<T>(db: Db, name: string, run: (tx: Tx, locked: Awaited<ReturnType<typeof lockRoom>>, outbox: News[]) => Promise<T>): Promise<T> {
  return transaction(db, async (tx, outbox) => {
    const locked = await lockRoom(tx, name);
    outbox.push({ event: "room:changed", room: name });
    return run(tx, locked, outbox);
  });
}

const wake = (room: string): News => ({ event: "room:start", room });

export async function createRoom(db: Db, admin: string, name: string, input: unknown): Promise<void> {
  const problem = nameProblem(name, "Room name");
  if (problem) invalid("name", problem);
  const settings = checkRoomSettings(input);
  try {
    await db.$transaction(async (tx) => {
      await tx.room.create({ data: { name, ...stored(settings) } });
      await recordAudit(tx, { admin, action: "room.create", detail: { room: name, ...settings } });
    });
  } catch (e) {
    if (uniqueViolationOf(e)) invalid("name", `A room named "${name}" already exists`);
    throw e;
  }
}

/** Config, labels, capacity and open, while no session is associated (they shape how one is created). */
export async function updateRoomSettings(db: Db, admin: string, name: string, input: unknown): Promise<void> {
  const settings = checkRoomSettings(input);
  await roomAction(db, name, async (tx, { session }, outbox) => {
    if (session) throw new ConflictError("Disassociate the session first: a room's settings cannot change while it has a session");
    await tx.room.update({ where: { name }, data: stored(settings) });
    await recordAudit(tx, { admin, action: "room.update", detail: { room: name, ...settings } });
    // Opened with a config: those waiting can now start the session themselves.
    if (letsIn(settings, false)) outbox.push(wake(name));
  });
}

export async function deleteRoom(db: Db, admin: string, name: string): Promise<void> {
  await roomAction(db, name, async (tx, { session }, outbox) => {
    if (session) throw new ConflictError("Disassociate the session first: a room with a session cannot be deleted");
    await tx.room.delete({ where: { name } });
    await recordAudit(tx, { admin, action: "room.delete", detail: { room: name } });
    // Anyone still waiting asks again and is told the room is gone, rather than wait for ever.
    outbox.push(wake(name));
  });
}

/** Close: new participants wait (the session runs on). Reopen: they come in, and those waiting are woken. */
export async function setRoomOpen(db: Db, admin: string, name: string, open: boolean): Promise<void> {
  await roomAction(db, name, async (tx, { room, session }, outbox) => {
    await tx.room.update({ where: { name }, data: { open } });
    await recordAudit(tx, { admin, action: open ? "room.open" : "room.close", session: session?.name, detail: { room: name } });
    if (letsIn({ open, config: room.config }, session !== null)) outbox.push(wake(name));
  });
}

export async function setRoomCapacity(db: Db, admin: string, name: string, capacity: number | null): Promise<void> {
  const { capacity: checked } = checkRoomSettings({ config: null, labels: null, open: false, capacity });
  await roomAction(db, name, async (tx, { room, session }, outbox) => {
    await tx.room.update({ where: { name }, data: { capacity: checked } });
    await recordAudit(tx, { admin, action: "room.capacity", session: session?.name, detail: { room: name, capacity: checked } });
    // More places: those waiting in an open room may fit now (a closed one keeps them waiting).
    if (letsIn(room, session !== null)) outbox.push(wake(name));
  });
}

/** Unlinks the room's session (it runs on) so the room can be used again; optionally closes the room too. */
export async function disassociateRoom(db: Db, admin: string, name: string, options: { close?: boolean } = {}): Promise<string> {
  return roomAction(db, name, async (tx, { session }, outbox) => {
    if (!session) throw new ConflictError(`Room "${name}" has no session`);
    await tx.session.update({ where: { id: session.id }, data: { room: null } });
    await recordWrites(tx, [{ owner: { kind: "session", id: session.id, sessionId: session.id }, key: "room", value: null, context: {}, provenance: adminBy(admin) }]);
    if (options.close) await tx.room.update({ where: { name }, data: { open: false } });
    await recordAudit(tx, { admin, action: "room.disassociate", session: session.name, detail: { room: name, closed: options.close === true } });
    // The session's admin tabs say it is no longer in the room.
    outbox.push({ event: "session:changed", sname: session.name });
    return session.name;
  });
}

export interface RoomSessionInput extends Omit<TCreateSession, "config"> {
  config: string;
  /** labels of the participants waiting now: they get the first slots (shuffled) */
  assignees?: readonly string[];
  /** set the room's capacity to the number of players, so the session cannot grow */
  fixCapacity?: boolean;
}

/**
 * The admin creates the room's session: `players` slots, the first ones pre-assigned to the
 * labels waiting now (so exactly those participants claim them), the room opened, and the
 * waiting pages woken.
 */
export async function createRoomSession(db: Db, admin: string, name: string, input: RoomSessionInput): Promise<string> {
  const checked = checkCreate(input, input.fixCapacity ? 1 : 0);
  const by = adminBy(admin);
  const created = await withSessionName(checked.data.name, (sname) =>
    roomAction(db, name, async (tx, { room, session }, outbox) => {
      if (session) throw new ConflictError(`Room "${name}" already has a session (${session.name}); disassociate it first`);
      // Only labels the room would let in (the waiting pages' own are checked at their connection).
      const accepted = new Set((input.assignees ?? []).filter((l) => typeof l === "string" && LABEL_PATTERN.test(l) && acceptsLabel(room, l)));
      const labels = shuffled([...accepted]).slice(0, checked.data.players);
      const made = await insertSession(tx, checked, sname, by, { room: name, labels });
      await tx.room.update({ where: { id: room.id }, data: { open: true, ...(input.fixCapacity ? { capacity: checked.data.players } : {}) } });
      await recordAudit(tx, { admin, action: "room.createSession", session: made.name, detail: { room: name, assigned: labels.length, fixCapacity: input.fixCapacity === true } });
      outbox.push(wake(name));
      return made;
    }),
  );
  return created.name;
}

/** Creates the project file's rooms that do not exist yet (an admin's changes to existing ones are kept). */
export async function ensureProjectRooms(db: Db): Promise<string[]> {
  const made: string[] = [];
  for (const [name, def] of projectRooms()) {
    const settings = { config: def.config ?? null, labels: def.labels ? [...def.labels] : null, capacity: def.capacity ?? null, open: def.open ?? def.config !== undefined };
    const exists = await db.room.count({ where: { name } });
    if (exists) continue;
    try {
      await db.$transaction([db.room.create({ data: { name, ...stored(settings), fromProject: true } })]);
      made.push(name);
    } catch (e) {
      if (!uniqueViolationOf(e)) throw e; // another instance made it first
    }
  }
  return made;
}
