import type { AppDef, PageDef, PlayerApi, SessionApi } from "../experiment/index.ts";
import { parseField } from "../experiment/index.ts";
import { NotFoundError } from "../errors.ts";
import type { Db, Tx } from "../store/db.ts";
import type { Player, Session } from "../store/generated/client.ts";
import type { FieldWriteInput, Owner, Provenance } from "../store/field-log.ts";
import { recordWrites } from "../store/field-log.ts";
import { WriteBuffer, playerApi, sessionApi } from "./handles.ts";
import { clearPendingForm, loadPendingForm, savePendingForm, type PendingFormState } from "./pending-form.ts";
import { appOfPath, getConfig, getApp, pageOrderFor, resolvePage } from "./project.ts";

type PlayerWithSession = Player & { session: Session };

export async function findPlayer(db: Db | Tx, sname: string, pname: string): Promise<PlayerWithSession> {
  const player = await db.player.findFirst({ where: { name: pname, session: { name: sname } }, include: { session: true } });
  if (!player) throw new NotFoundError("There is no such participant link. Please check the address you were given.");
  return player;
}

const pageOrderOf = (p: Player) => JSON.parse(p.pageOrder) as string[];

/** What the participant's address shows right now. */
export type ParticipantView =
  | { kind: "paused" }
  | { kind: "start"; position: -1 }
  | { kind: "end" }
  | { kind: "missing"; path: string }
  | {
      kind: "page";
      app: AppDef;
      page: PageDef;
      path: string;
      position: number;
      total: number;
      player: PlayerApi;
      session: SessionApi;
      pending: PendingFormState | null;
    };

/** Reads the participant's current page. Changes nothing: only POSTs move a participant. */
export async function getParticipantView(db: Db, sname: string, pname: string): Promise<ParticipantView> {
  const p = await findPlayer(db, sname, pname);
  if (!p.session.active) return { kind: "paused" };
  if (p.position < 0) return { kind: "start", position: -1 };
  const order = pageOrderOf(p);
  const path = order[p.position];
  if (path === undefined) return { kind: "end" };
  const found = resolvePage(path);
  if (!found) return { kind: "missing", path };
  const scope = { db, buffer: null, provenance: { byKind: "participant" as const }, context: {} };
  return {
    kind: "page",
    ...found,
    path,
    position: p.position,
    total: order.length,
    player: playerApi(scope, p),
    session: sessionApi(scope, p.session),
    pending: await loadPendingForm(db, p.id, p.position),
  };
}

export type SubmitOutcome =
  | { kind: "advanced" }
  /** the form was for another position (stale tab, double click, replay): nothing changed */
  | { kind: "stale" }
  | { kind: "invalid" }
  | { kind: "paused" };

/** Thrown inside a transaction to roll it back when another request moved the player first. */
class LostRace extends Error {}

/**
 * Handles a participant's form POST for the page at `position`. Only a submission for the
 * page the player is on counts; the position check is repeated as a conditional update
 * inside the transaction, so of two racing submissions exactly one moves the player.
 */
export async function submitPage(db: Db, sname: string, pname: string, position: number, form: Record<string, string>): Promise<SubmitOutcome> {
  const p = await findPlayer(db, sname, pname);
  if (!p.session.active) return { kind: "paused" };
  if (position !== p.position) return { kind: "stale" };
  try {
    if (position === -1) {
      await startPlayer(db, p);
      return { kind: "advanced" };
    }
    const order = pageOrderOf(p);
    const path = order[position];
    const found = path === undefined ? undefined : resolvePage(path);
    if (!path || !found) return { kind: "stale" };
    const values: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    for (const [name, field] of Object.entries(found.page.fields)) {
      const result = parseField(field, form[name]);
      if (result.ok) values[name] = result.value;
      else errors[name] = result.error;
    }
    if (Object.keys(errors).length > 0) {
      const typed = Object.fromEntries(Object.keys(found.page.fields).flatMap((n) => (form[n] === undefined ? [] : [[n, form[n]]])));
      await savePendingForm(db, p.id, position, { values: typed, errors, pageErrors: [] });
      return { kind: "invalid" };
    }
    await advance(db, p, order, position, values, { byKind: "participant", page: path });
    return { kind: "advanced" };
  } catch (e) {
    if (e instanceof LostRace) return { kind: "stale" };
    throw e;
  }
}

async function advance(db: Db, p: PlayerWithSession, order: string[], from: number, values: Record<string, unknown>, by: Provenance) {
  const to = from + 1;
  const app = appOfPath(order[to]);
  const owner: Owner = { kind: "player", id: p.id, sessionId: p.sessionId };
  const context = { app: p.app, position: from, round: p.round };
  await db.$transaction(async (tx) => {
    const claimed = await tx.player.updateMany({ where: { id: p.id, position: from }, data: { position: to, app } });
    if (claimed.count !== 1) throw new LostRace();
    const writes: FieldWriteInput[] = Object.entries(values).map(([key, value]) => ({ owner, key, value, context, provenance: by }));
    writes.push({ owner, key: "position", value: to, context, provenance: by });
    if (app !== p.app) writes.push({ owner, key: "app", value: app, context, provenance: by });
    await recordWrites(tx, writes);
    const now = new Date();
    await tx.pageVisit.updateMany({ where: { playerId: p.id, position: from, leftAt: null }, data: { leftAt: now, leftHow: "submit" } });
    if (to < order.length) await tx.pageVisit.create({ data: visit(p, order, to, now) });
    await clearPendingForm(tx, p.id);
  });
}

const visit = (p: Player, order: string[], position: number, enteredAt: Date) => ({
  sessionId: p.sessionId,
  playerId: p.id,
  position,
  page: order[position] ?? "",
  app: appOfPath(order[position]),
  round: p.round,
  enteredAt,
});

/**
 * Initializes a participant on their first POST: runs the config's newSession hooks if this
 * is the session's first participant, then newPlayer, fixes the page order and shows page 0.
 * Both "first" checks are conditional updates, so each hook runs exactly once even when
 * several participants start at the same moment.
 */
async function startPlayer(db: Db, p: PlayerWithSession) {
  const config = getConfig(p.session.config);
  const order = pageOrderFor(config);
  const app = appOfPath(order[0]);
  await db.$transaction(async (tx) => {
    const claimed = await tx.player.updateMany({
      where: { id: p.id, position: -1 },
      data: { position: 0, pageOrder: JSON.stringify(order), app, started: true, initialized: true },
    });
    if (claimed.count !== 1) throw new LostRace();
    const buffer = new WriteBuffer();
    const firstInSession = await tx.session.updateMany({ where: { id: p.sessionId, initialized: false }, data: { initialized: true } });
    for (const appName of JSON.parse(p.session.apps) as string[]) {
      const def = getApp(appName);
      const scope = (hook: string) => ({
        db: tx,
        buffer,
        provenance: { byKind: "hook" as const, byName: hook, hook },
        context: { app: appName, position: -1, round: null },
      });
      if (firstInSession.count === 1 && def?.newSession) await def.newSession({ session: sessionApi(scope("newSession"), p.session) });
      if (def?.newPlayer) {
        const s = scope("newPlayer");
        await def.newPlayer({ player: playerApi(s, p), session: sessionApi(s, p.session) });
      }
    }
    const owner: Owner = { kind: "player", id: p.id, sessionId: p.sessionId };
    const by: Provenance = { byKind: "participant" };
    const context = { app: null, position: -1, round: null };
    for (const [key, value] of Object.entries({ pageOrder: order, started: true, position: 0, app })) buffer.add({ owner, key, value, context, provenance: by });
    if (firstInSession.count === 1) buffer.add({ owner: { kind: "session", id: p.sessionId, sessionId: p.sessionId }, key: "initialized", value: true, context, provenance: by });
    await buffer.flush(tx);
    if (order.length > 0) await tx.pageVisit.create({ data: visit(p, order, 0, new Date()) });
  });
}
