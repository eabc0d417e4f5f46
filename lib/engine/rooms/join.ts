import { NotFoundError } from "../../errors.ts";
import { MAX_LABEL_LENGTH, readLabel } from "../../experiment/room-labels.ts";
import type { Db, Tx } from "../../store/db.ts";
import { recordWrites, type FieldWriteInput, type Provenance } from "../../store/field-log.ts";
import { transaction } from "../../store/outbox.ts";
import { newPlayerName, randomToken } from "../core/names.ts";
import { acceptsLabel, effectiveCapacity, isFreeJoin, letsIn } from "./rules.ts";
import { lockRoom } from "./rooms.ts";
import { checkCreate, insertSession, withSessionName } from "../admin/sessions.ts";
import { claimSlot, returningPlayer } from "./slots.ts";
import { quotaMet, recordConditions, takePlace } from "../recruitment/quota.ts";
import { checkEntryParams, entryOf, storeEntryParams, type EntryCheck, type EntryQuery } from "../recruitment/entry.ts";

export type JoinOutcome =
  /** in: go to the player's page */
  | { kind: "player"; sname: string; pname: string }
  /** the room asks for an access code (`invalid`: the one given, shown as `label`, is not accepted) */
  | { kind: "ask-label"; label: string; invalid: boolean }
  /** wait on the waiting page; label "" in a room without labels (the link gives the waiter one) */
  | { kind: "wait"; label: string }
  /** no place left */
  | { kind: "full" }
  /** the link lacks the config's required entry parameters (or garbles one) */
  | { kind: "incomplete"; missing: string[]; invalid: string[] };

/** A waiter's label in a room without access codes: tells their tabs apart and lets the admin pre-assign them a slot. */
export const newWaiterLabel = () => randomToken(8).toUpperCase();

/** The access-code form again, showing what was given. */
const refused = (raw: unknown): JoinOutcome => ({
  kind: "ask-label",
  label: typeof raw === "string" ? raw.trim().slice(0, MAX_LABEL_LENGTH) : "",
  invalid: true,
});

/**
 * The entry parameters a link of this room carries, checked against the config a join would
 * use (its session's, else the room's own; none known yet: nothing to check). A config's
 * label parameter stands in for ?label= (Prolific's PROLIFIC_PID as the access code).
 */
export async function roomEntry(read: Db, roomName: string, query: EntryQuery): Promise<EntryCheck> {
  const [room, session] = await Promise.all([
    read.room.findUnique({ where: { name: roomName }, select: { config: true } }),
    read.session.findUnique({ where: { room: roomName }, select: { config: true } }),
  ]);
  return checkEntryParams(entryOf(session?.config ?? room?.config, roomName), query);
}

/** The label a join uses: the one given, else the config's label parameter's value. */
export const entryLabel = (rawLabel: unknown, entry: Extract<EntryCheck, { ok: true }>): unknown =>
  (typeof rawLabel === "string" && rawLabel.trim() !== "") || entry.label === null ? rawLabel : entry.label;

/** The room's checks before any lock: an unknown room is 404, a missing or wrong code asks (again). */
export async function checkEntry(read: Db, roomName: string, rawLabel: unknown): Promise<{ label: string } | JoinOutcome> {
  const room = await read.room.findUnique({ where: { name: roomName }, select: { labels: true } });
  if (!room) throw new NotFoundError("There is no such room. Please check the link you were given.");
  const label = readLabel(rawLabel);
  if (label === null) return refused(rawLabel);
  if (room.labels !== null && label === "") return { kind: "ask-label", label, invalid: false };
  if (!acceptsLabel(room, label)) return refused(rawLabel);
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
 * Steps 2-6 hold the room's write lock (and check the label again under it), so joins of one
 * room are settled one at a time whatever the number of instances: capacity is never
 * exceeded and no label gets two players.
 */
export async function joinRoom(db: Db, read: Db, roomName: string, givenLabel: unknown, returning?: string, query: EntryQuery = {}): Promise<JoinOutcome> {
  const params = await roomEntry(read, roomName, query);
  if (!params.ok) return { kind: "incomplete", missing: params.missing, invalid: params.invalid };
  const rawLabel = entryLabel(givenLabel, params);
  const entry = await checkEntry(read, roomName, rawLabel);
  if ("kind" in entry) return entry;
  const { label } = entry;
  const by: Provenance = { byKind: "system", byName: `room ${roomName}` };
  const outcome = await withSessionName(undefined, (newName) =>
    transaction(db, async (tx, outbox) => {
      const locked = await joinLocked(tx, roomName, label, returning, newName, by, query);
      // In: the monitor shows the player, the room's admin tabs the session's new state.
      if (locked.kind === "player") outbox.push({ to: { players: [locked.playerId] }, event: "monitor:changed" }, { event: "room:changed", room: roomName });
      return locked;
    }),
  );
  if (outcome.kind === "incomplete") return { kind: "incomplete", missing: outcome.missing, invalid: outcome.invalid };
  if (outcome.kind !== "player") return outcome.kind === "refused" ? refused(rawLabel) : outcome;
  return { kind: "player", sname: outcome.sname, pname: outcome.pname };
}

type LockedOutcome =
  | { kind: "player"; sname: string; pname: string; playerId: number }
  | { kind: "wait"; label: string }
  | { kind: "full" }
  | { kind: "refused" }
  | { kind: "incomplete"; missing: string[]; invalid: string[] };

async function joinLocked(tx: Tx, roomName: string, label: string, returning: string | undefined, newName: string, by: Provenance, query: EntryQuery): Promise<LockedOutcome> {
  const { room, session: associated } = await lockRoom(tx, roomName);
  if (!acceptsLabel(room, label) || (room.labels !== null && label === "")) return { kind: "refused" }; // the labels changed since checkEntry
  const mine = associated ? await returningPlayer(tx, roomName, label, returning) : null;
  if (mine) return { kind: "player", sname: mine.session.name, pname: mine.name, playerId: mine.id };
  // A met quota: the room closed itself; newcomers learn the study is full rather than wait.
  if (associated && (await quotaMet(tx, { ...associated, room: roomName }))) return { kind: "full" };
  if (!letsIn(room, associated !== null)) return { kind: "wait", label };
  // The parameters again, against the config of the session they join (one may have been made since the first check).
  const params = checkEntryParams(entryOf(associated?.config ?? room.config, roomName), query);
  if (!params.ok) return { kind: "incomplete", missing: params.missing, invalid: params.invalid };
  const session = associated ?? (await insertSession(tx, checkCreate({ config: room.config!, players: 0 }, 0), newName, by, { room: roomName }));

  const owner = (id: number) => ({ kind: "player" as const, id, sessionId: session.id });
  // A label that is a recruitment ID (the config's label parameter) is personal data: it stays out of the field log.
  const labelIsPersonal = params.label !== null && params.label === label;
  const writes = (id: number): FieldWriteInput[] => [
    { owner: owner(id), key: "started", value: true, context: {}, provenance: by },
    ...(label && !labelIsPersonal ? [{ owner: owner(id), key: "label", value: label, context: {}, provenance: by }] : []),
  ];
  // The quotas: a place in all and in their cells, and their conditions (named between()s).
  const conditions = await takePlace(tx, { id: session.id, config: associated?.config ?? room.config!, room: roomName }, params.params);
  if (!conditions) return { kind: "full" };
  const keep = async (id: number) => {
    if (params.params) await storeEntryParams(tx, id, params.params);
    await recordConditions(tx, session, id, conditions, by);
  };
  // A pre-created slot: the one reserved for this label, else an unlabelled one.
  const slot = (label ? await claimSlot(tx, session.id, label) : null) ?? (await claimSlot(tx, session.id, "", label));
  if (slot) {
    await keep(slot.id);
    await recordWrites(tx, writes(slot.id));
    return { kind: "player", sname: session.name, pname: slot.name, playerId: slot.id };
  }

  const players = await tx.player.aggregate({ where: { sessionId: session.id }, _count: { _all: true }, _max: { index: true } });
  const capacity = effectiveCapacity(room);
  if (!isFreeJoin(room) && (capacity === null || players._count._all >= capacity)) return { kind: "full" };
  const player = await tx.player.create({
    data: { sessionId: session.id, name: newPlayerName(), index: (players._max.index ?? -1) + 1, label, started: true },
    select: { id: true, name: true },
  });
  await keep(player.id);
  await recordWrites(tx, writes(player.id));
  return { kind: "player", sname: session.name, pname: player.name, playerId: player.id };
}
