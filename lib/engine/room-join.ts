import { NotFoundError } from "../errors.ts";
import { constrainLabel } from "../experiment/room-labels.ts";
import { publish } from "../realtime/publish.ts";
import { roomChanged } from "../realtime/rooms.ts";
import type { Db, Tx } from "../store/db.ts";
import { recordWrites, type FieldWriteInput, type Provenance } from "../store/field-log.ts";
import { newPlayerName, randomToken } from "./names.ts";
import { acceptsLabel, effectiveCapacity, isFreeJoin, letsIn } from "./room-rules.ts";
import { checkCreate, insertSession, withSessionName } from "./sessions.ts";
import { lockRoom } from "./rooms.ts";

export type JoinOutcome =
  /** in: go to the player's page */
  | { kind: "player"; sname: string; pname: string }
  /** the room asks for an access code (`invalid`: the one given is not accepted) */
  | { kind: "ask-label"; label: string; invalid: boolean }
  /** wait on the waiting page with this label (a room without labels gives a waiter one) */
  | { kind: "wait"; label: string }
  /** no place left */
  | { kind: "full" };

/** A waiter's label in a room without access codes: tells their tabs apart and lets the admin pre-assign them a slot. */
export const newWaiterLabel = () => randomToken(8).toUpperCase();

/** What the room's checks say before any lock: an unknown room is 404, a missing or wrong code asks again. */
export async function checkEntry(read: Db, roomName: string, rawLabel: unknown): Promise<{ label: string } | JoinOutcome> {
  const label = constrainLabel(rawLabel);
  const room = await read.room.findUnique({ where: { name: roomName }, select: { labels: true } });
  if (!room) throw new NotFoundError("There is no such room. Please check the link you were given.");
  if (room.labels !== null && label === "") return { kind: "ask-label", label, invalid: false };
  if (!acceptsLabel(room, label)) return { kind: "ask-label", label, invalid: true };
  return { label };
}

/**
 * A participant enters room `roomName` with a label (access code; "" for none) and, when
 * their browser was let in before without one, the name of that player (`returning`):
 *
 * 1. an unknown room is 404; a room with labels asks for one and refuses one it does not list;
 * 2. someone whose label (or browser) already has a started player of the room's session gets
 *    that player again, even while the room is closed (closing stops new participants only);
 * 3. while the room is closed, or has neither a session nor a config, they wait;
 * 4. an open room with a config and no session creates the session now;
 * 5. they take the first unstarted slot with their label, else the first unlabelled one, or a
 *    new slot while the session is below the room's capacity (always in a free-join room);
 * 6. otherwise the room is full.
 *
 * Steps 2-6 hold the room's write lock, so joins of one room are settled one at a time
 * whatever the number of instances: capacity is never exceeded and no label gets two players.
 */
export async function joinRoom(db: Db, read: Db, roomName: string, rawLabel: unknown, returning?: string): Promise<JoinOutcome> {
  const entry = await checkEntry(read, roomName, rawLabel);
  if ("kind" in entry) return entry;
  const { label } = entry;
  const by: Provenance = { byKind: "system", byName: `room ${roomName}` };
  const outcome = await withSessionName(undefined, (newName) => db.$transaction((tx) => joinLocked(tx, roomName, label, returning, newName, by)));
  if (outcome.kind !== "player") return outcome.kind === "wait" && outcome.label === "" ? { kind: "wait", label: newWaiterLabel() } : outcome;
  publish([{ to: { players: [outcome.playerId] }, event: "monitor:changed" }]);
  roomChanged(roomName);
  return { kind: "player", sname: outcome.sname, pname: outcome.pname };
}

type LockedOutcome = { kind: "player"; sname: string; pname: string; playerId: number } | { kind: "wait"; label: string } | { kind: "full" };

async function joinLocked(tx: Tx, roomName: string, label: string, returning: string | undefined, newName: string, by: Provenance): Promise<LockedOutcome> {
  const { room, session: associated } = await lockRoom(tx, roomName);
  let session = associated;
  if (session) {
    const mine = await tx.player.findFirst({
      where: { sessionId: session.id, started: true, ...(label ? { label } : returning ? { name: returning } : { id: -1 }) },
      orderBy: { index: "asc" },
      select: { id: true, name: true },
    });
    if (mine) return { kind: "player", sname: session.name, pname: mine.name, playerId: mine.id };
  }
  if (!letsIn(room, session !== null)) return { kind: "wait", label };
  if (!session) {
    const made = await insertSession(tx, checkCreate({ config: room.config!, players: 0 }, 0), newName, by, { room: roomName });
    session = { id: made.id, name: made.name };
  }
  const owner = (id: number) => ({ kind: "player" as const, id, sessionId: session.id });
  const writes = (id: number): FieldWriteInput[] => [
    { owner: owner(id), key: "started", value: true, context: {}, provenance: by },
    ...(label ? [{ owner: owner(id), key: "label", value: label, context: {}, provenance: by }] : []),
  ];

  // A pre-created slot: the one reserved for this label, else an unlabelled one. The update
  // is conditional: the sessionwide link (outside the room's lock) may claim a slot too.
  for (;;) {
    const free =
      (label ? await tx.player.findFirst({ where: { sessionId: session.id, started: false, label }, orderBy: { index: "asc" }, select: { id: true, name: true } }) : null) ??
      (await tx.player.findFirst({ where: { sessionId: session.id, started: false, label: "" }, orderBy: { index: "asc" }, select: { id: true, name: true } }));
    if (!free) break;
    const won = await tx.player.updateMany({ where: { id: free.id, started: false }, data: { started: true, label } });
    if (won.count !== 1) continue;
    await recordWrites(tx, writes(free.id));
    return { kind: "player", sname: session.name, pname: free.name, playerId: free.id };
  }

  const count = await tx.player.count({ where: { sessionId: session.id } });
  const capacity = effectiveCapacity(room);
  if (!isFreeJoin(room) && (capacity === null || count >= capacity)) return { kind: "full" };
  const last = await tx.player.aggregate({ where: { sessionId: session.id }, _max: { index: true } });
  const player = await tx.player.create({
    data: { sessionId: session.id, name: newPlayerName(), index: (last._max.index ?? -1) + 1, label, started: true },
    select: { id: true, name: true },
  });
  await recordWrites(tx, writes(player.id));
  return { kind: "player", sname: session.name, pname: player.name, playerId: player.id };
}
