import { parseEntry, pathOf } from "../../experiment/page-order.ts";
import { log } from "../../log.ts";
import { databaseAwayIn, databaseSettledFor } from "../../store/availability.ts";
import { onlinePlayerIds } from "../../store/connections.ts";
import type { Db } from "../../store/db.ts";
import type { Deadline, DropoutWatch } from "../../store/generated/client.ts";
import type { PlayerWithSession } from "../core/hook-context.ts";
import { HookError, logHookError } from "../core/hook-error.ts";
import { land, moveTo, runAfterOnce } from "../participant/move.ts";
import { beginMove, LostRace } from "../participant/move-state.ts";
import { recheckWaits } from "../participant/recheck-waits.ts";
import { runDropoutHandler } from "../participant/dropout.ts";
import { applyDropoutPolicy } from "../standin/policy.ts";
import { playStandIns } from "../standin/play.ts";
import { orderOf, pageAt } from "../core/position.ts";
import { transact } from "../participant/transact.ts";
import { fireDeadline, SWEEP_GRACE_MS } from "../participant/timeouts.ts";
import { fireWaitTimeout } from "../participant/wait-timeouts.ts";

const BATCH = 200;

/** Sessions not paused: only their deadlines and watches are due. */
const activeSessionIds = async (read: Db) => (await read.session.findMany({ where: { active: true }, select: { id: true } })).map((s) => s.id);

/**
 * Fires every due deadline of an active session, a grace period after it is due (the
 * page's own auto-submit, with the answers, comes first): the player moves on as if the
 * clock had pressed Next (onTimeout, then afterOnce), even with no browser open. Each one is claimed by a
 * conditional update inside the move's transaction, so with two sweeps (two instances, or a
 * sweep and the participant's own last-second submit) it fires exactly once. Deadlines of a
 * paused session wait until it is resumed. Returns how many moved a player.
 */
export async function sweepDeadlines(dbs: { db: Db; read: Db }, now = new Date()): Promise<number> {
  // Only active sessions' deadlines: a paused session's must not fill every batch.
  const active = await activeSessionIds(dbs.read);
  const due = await dbs.read.deadline.findMany({
    where: { firedAt: null, sessionId: { in: active }, dueAt: { lte: new Date(now.getTime() - SWEEP_GRACE_MS) } },
    orderBy: { dueAt: "asc" },
    take: BATCH,
  });
  let moved = 0;
  for (const deadline of due) {
    try {
      if (await fire(dbs, deadline, now)) moved++;
    } catch (e) {
      // The participant moved at the same instant: their request won; the next pass sees it.
      if (e instanceof LostRace) continue;
      if (!(e instanceof HookError)) throw e;
      logHookError(e);
      // The hook fails each time: leave the player on the page (their own submit still works)
      // rather than retry every second.
      await dbs.db.$transaction([dbs.db.deadline.updateMany({ where: { id: deadline.id, firedAt: null }, data: { firedAt: now } })]);
    }
  }
  return moved;
}

async function fire(dbs: { db: Db; read: Db }, deadline: Deadline, now: Date): Promise<boolean> {
  const p = await dbs.read.player.findUnique({ where: { id: deadline.playerId }, include: { session: true } });
  if (!p || !p.session.active) return false;
  const order = orderOf(p);
  const current = pageAt(order, deadline.position);
  return transact(dbs.db, async (tx, pushes) => {
    const stillThere = p.position === deadline.position && order[deadline.position] === deadline.entry && current;
    const move = beginMove(tx, p, order, { byKind: "timeout", page: pathOf(parseEntry(deadline.entry)) }, pushes);
    if (!stillThere) {
      await tx.deadline.updateMany({ where: { id: deadline.id, firedAt: null }, data: { firedAt: now } });
      return false;
    }
    if (current.page.wait?.timeout) {
      // A wait page's time is up: its fallback (a smaller group, on alone, a page, the end).
      if (!(await fireWaitTimeout(move, deadline.position, current.page, now))) return false;
    } else {
      if (!(await fireDeadline(move, deadline.position, current.page, now))) return false;
      await runAfterOnce(move, deadline.position, current.page);
      await moveTo(move, deadline.position, await land(move, deadline.position), "timeout", now);
    }
    pushes.push({ to: { players: [p.id] }, event: "page:refresh" });
    return true;
  });
}

/** Runs the sweeps every `intervalMs` (one pass at a time); returns a stop function. */
/** The running sweeper: when its last round ended (readiness), and a stop that waits for the round in progress. */
export interface Sweeper {
  lastRoundAt(): number;
  stop(): Promise<void>;
}

export function startSweeper(dbs: { db: () => Db; read: () => Db }, onlineWindowMs: number, intervalMs = 1000): Sweeper {
  let round: Promise<void> | null = null;
  let lastRoundAt = Date.now();
  const sweep = async () => {
    try {
      await sweepDeadlines({ db: dbs.db(), read: dbs.read() });
      // After an outage, who is here is known again only once presence has been written anew.
      if (databaseSettledFor(onlineWindowMs)) await sweepDropouts({ db: dbs.db(), read: dbs.read() }, onlineWindowMs);
      // Stand-in bots take their step (a seat handed over just now starts at once).
      await playStandIns({ db: dbs.db(), read: dbs.read() });
    } catch (e) {
      if (!databaseAwayIn(e)) log.error({ err: e }, "sweep failed");
    } finally {
      lastRoundAt = Date.now();
      round = null;
    }
  };
  const timer = setInterval(() => {
    round ??= sweep();
  }, intervalMs);
  timer.unref();
  return {
    lastRoundAt: () => lastRoundAt,
    stop: async () => {
      clearInterval(timer);
      await round;
    },
  };
}

/**
 * Runs each dropout watch's handler once the player has been away longer than its tolerance:
 * no tab of theirs open on any instance, and their lastSeen (kept fresh by whichever
 * instance holds their socket, written when their last tab closed) older than both the
 * tolerance and the online window. A clean
 * tab close counts like any other absence. The player is marked as a dropout, then the
 * handler runs, then those waiting in the session are asked again (dropouts are not waited
 * for). Returns how many handlers ran.
 */
export async function sweepDropouts(dbs: { db: Db; read: Db }, onlineWindowMs: number, now = new Date()): Promise<number> {
  const active = await activeSessionIds(dbs.read);
  const watches = await dbs.read.dropoutWatch.findMany({ where: { firedAt: null, sessionId: { in: active } }, orderBy: { id: "asc" }, take: 1000 });
  const players = new Map(
    (await dbs.read.player.findMany({ where: { id: { in: [...new Set(watches.map((w) => w.playerId))] } }, include: { session: true } })).map((p) => [p.id, p]),
  );
  const online = await onlinePlayerIds(dbs.read, [...players.keys()], now.getTime());
  let ran = 0;
  for (const w of watches) {
    const p = players.get(w.playerId);
    if (!p || online.has(p.id)) continue;
    const order = orderOf(p);
    const finished = p.position >= order.length || p.position < 0;
    const away = now.getTime() - (p.lastSeen ?? w.createdAt).getTime();
    if (!finished && away <= Math.max(w.toleranceMs, onlineWindowMs)) continue;
    try {
      if (await fireDropout(dbs.db, w, p, order, finished, now, true)) ran++;
    } catch (e) {
      if (e instanceof LostRace) continue;
      if (!(e instanceof HookError)) throw e;
      logHookError(e);
      // The handler fails: the player is still a dropout, and the group still moves on.
      await fireDropout(dbs.db, w, p, order, finished, now, false);
      ran++;
    }
  }
  return ran;
}

async function fireDropout(db: Db, w: DropoutWatch, p: PlayerWithSession, order: readonly string[], finished: boolean, now: Date, withHandler: boolean): Promise<boolean> {
  return transact(db, async (tx, pushes) => {
    const claimed = await tx.dropoutWatch.updateMany({ where: { id: w.id, firedAt: null }, data: { firedAt: now } });
    if (claimed.count !== 1 || finished) return false; // fired elsewhere, or the player finished: not a dropout
    const move = beginMove(tx, p, order, { byKind: "system", byName: "dropout" }, pushes);
    await tx.player.update({ where: { id: p.id }, data: { dropout: true } });
    const entry = parseEntry(order[p.position]!);
    move.buffer.add({ owner: move.owner, key: "dropout", value: true, context: { app: entry.app, position: p.position, round: entry.round }, provenance: move.by });
    if (withHandler) await runDropoutHandler(move, w);
    // The app's policy: a stand-in bot takes the seat, or the group ends (its moves are made after this one).
    await applyDropoutPolicy(move);
    await move.buffer.flush(tx);
    pushes.push({ to: { players: [p.id] }, event: "monitor:changed" });
    await recheckWaits(tx, pushes, p.sessionId, { byKind: "system", byName: "dropout" }, [p.id]);
    return true;
  });
}
