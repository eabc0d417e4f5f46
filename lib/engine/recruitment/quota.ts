import { SproutError } from "../../errors.ts";
import type { Conditions } from "../../experiment/page-order.ts";
import { recordAudit } from "../../store/audit.ts";
import { fieldValueColumn } from "../../store/columns.ts";
import type { Tx } from "../../store/db.ts";
import { recordWrites, type Owner, type Provenance, type WriteContext } from "../../store/field-log.ts";
import type { JsonValue } from "../../experiment/index.ts";
import type { WriteBuffer } from "../core/write-buffer.ts";
import { screenOut } from "./outcome.ts";
import type { News } from "../../store/outbox.ts";
import { lockSession } from "../core/groups.ts";
import { cellOf, chooseConditions, countPlaces, fitsParams, quotaReached, tallyOf, type Places } from "./places.ts";
import { countsPlaces, quotasOf } from "./rules.ts";

// Quotas: each participant in progress (started, no outcome yet, not a dropout) holds a place,
// in all and in their cells (the condition of each named between(), the value of each entry
// parameter a quota counts); a completion keeps it, a screen-out or dropout frees it. A place
// is taken under the session's lock, so simultaneous arrivals and finishers on any number of
// instances never take more places than there are, spread evenly over balanced conditions,
// and never miss the moment the quota is met.

/** A start refused because every place is held (the start POST of a player link). */
export class StudyFullError extends SproutError {
  constructor() {
    super("Every place in this study has been taken. You may now close this page. If you think this is a mistake, please contact the research team.", 423);
  }
}

type SessionRef = { id: number; config: string; room: string | null };

const NO_PLACES: Places = { taken: 0, completed: 0, cells: new Map() };

/**
 * A newcomer takes a place: their conditions (write them with recordConditions once the player
 * is known), or null when every place they could take is held (the total, their entry
 * parameters' cells, or every condition of a named between()). Takes the session's lock
 * first where anything is counted: call it in the transaction that then lets them in.
 */
export async function takePlace(tx: Tx, session: SessionRef, params: Readonly<Record<string, string>> | null): Promise<Conditions | null> {
  const quotas = quotasOf(session.config, session.room);
  if (!countsPlaces(quotas)) return chooseConditions(quotas, NO_PLACES, Math.random);
  await lockSession(tx, session.id);
  const places = await countPlaces(tx, session.id, quotas);
  if (!fitsParams(quotas, places, params)) return null;
  return chooseConditions(quotas, places, Math.random);
}

/** Keeps a player's conditions in the player fields named after their between()s (monitor, exports and hooks read them). */
export async function recordConditions(tx: Tx, session: { id: number }, playerId: number, conditions: Conditions, by: Provenance): Promise<void> {
  await recordWrites(
    tx,
    Object.entries(conditions).map(([key, value]) => ({ owner: { kind: "player" as const, id: playerId, sessionId: session.id }, key, value, context: {}, provenance: by })),
  );
}

/**
 * The conditions of a player who holds a place already (let in by a room or the sessionwide
 * link): those they got then; any missing (the config gained a named between() since) are
 * assigned now, among every condition: nobody in progress is turned away.
 */
export async function conditionsOfEntered(tx: Tx, session: SessionRef, playerId: number, by: Provenance): Promise<Conditions> {
  const quotas = quotasOf(session.config, session.room);
  if (quotas.factors.length === 0) return {};
  const rows = await tx.fieldValue.findMany({ where: { ownerKind: "player", ownerId: playerId, key: { in: quotas.factors.map((f) => f.name) } }, select: { key: true, value: true } });
  const have: Record<string, string> = {};
  for (const r of rows) {
    const factor = quotas.factors.find((f) => f.name === r.key);
    const value = fieldValueColumn.read(r.value);
    if (factor && typeof value === "string" && factor.conditions.includes(value)) have[r.key] = value;
  }
  if (quotas.factors.every((f) => Object.hasOwn(have, f.name))) return have;
  let places = NO_PLACES;
  if (countsPlaces(quotas)) {
    await lockSession(tx, session.id);
    places = await countPlaces(tx, session.id, quotas, playerId);
  }
  const chosen = chooseConditions(quotas, places, Math.random, true)!;
  const missing = Object.fromEntries(Object.entries(chosen).filter(([name]) => !Object.hasOwn(have, name)));
  await recordConditions(tx, session, playerId, missing, by);
  return { ...have, ...missing };
}

/** Whether the session's quota is met (see quotaReached): the room closed itself, newcomers find the study full. */
export async function quotaMet(tx: Tx, session: SessionRef): Promise<boolean> {
  const quotas = quotasOf(session.config, session.room);
  if (quotas.total === undefined && quotas.conditions.size === 0) return false;
  return quotaReached(quotas, await countPlaces(tx, session.id, quotas)) !== null;
}

/**
 * After a player completed: when that met the quota, the session's room closes itself (once;
 * audited as the system). Under the session's lock, so of simultaneous finishers the last one
 * sees every other completion.
 */
export async function closeAtQuota(tx: Tx, outbox: News[], session: SessionRef & { name: string }): Promise<void> {
  const quotas = quotasOf(session.config, session.room);
  if ((quotas.total === undefined && quotas.conditions.size === 0) || session.room === null) return;
  await lockSession(tx, session.id);
  const reason = quotaReached(quotas, await countPlaces(tx, session.id, quotas));
  if (reason === null) return;
  const closed = await tx.room.updateMany({ where: { name: session.room, open: true }, data: { open: false } });
  if (closed.count === 0) return;
  await recordAudit(tx, { admin: "system", action: "room.close", session: session.name, detail: { room: session.room, reason } });
  outbox.push({ event: "room:changed", room: session.room });
}

/**
 * A participant's answers to fields a quota counts (quota.cells.<field>): an answer whose cell
 * is full (the places held by others) screens them out, with the reason "quota full: <field> =
 * <answer>", and the move in progress takes them to the end page (the screen-out address).
 * Under the session's lock, so two answering at once cannot both take a cell's last place.
 */
export async function screenOutAtFullCells(tx: Tx, buffer: WriteBuffer, session: SessionRef, where: { owner: Owner; context: WriteContext; provenance: Provenance }, values: Readonly<Record<string, JsonValue>>): Promise<void> {
  const quotas = quotasOf(session.config, session.room);
  const answered = [...quotas.fields.keys()].filter((field) => Object.hasOwn(values, field));
  if (answered.length === 0) return;
  await lockSession(tx, session.id);
  const places = await countPlaces(tx, session.id, quotas, where.owner.id);
  for (const field of answered) {
    const value = cellOf(values[field]);
    const limit = value === null ? undefined : quotas.fields.get(field)!.get(value);
    if (limit !== undefined && tallyOf(places, field, value!).taken >= limit) return screenOut(tx, buffer, where, `quota full: ${field} = ${value}`);
  }
}
