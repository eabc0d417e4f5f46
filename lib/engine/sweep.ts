import { parseEntry, pathOf } from "../experiment/page-order.ts";
import type { Db } from "../store/db.ts";
import type { Deadline } from "../store/generated/client.ts";
import { HookError, logHookError } from "./hook-error.ts";
import { beginMove, land, moveTo } from "./move.ts";
import { orderOf, pageAt, transact } from "./navigation.ts";
import { fireDeadline } from "./timeouts.ts";

const BATCH = 200;

/**
 * Fires every due deadline of an active session: the player moves on as if the clock had
 * pressed Next (onTimeout first), even with no browser open. Each one is claimed by a
 * conditional update inside the move's transaction, so with two sweeps (two instances, or a
 * sweep and the participant's own last-second submit) it fires exactly once. Deadlines of a
 * paused session wait until it is resumed. Returns how many moved a player.
 */
export async function sweepDeadlines(dbs: { db: Db; read: Db }, now = new Date()): Promise<number> {
  const due = await dbs.read.deadline.findMany({ where: { firedAt: null, dueAt: { lte: now } }, orderBy: { dueAt: "asc" }, take: BATCH });
  let moved = 0;
  for (const deadline of due) {
    try {
      if (await fire(dbs, deadline, now)) moved++;
    } catch (e) {
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
    const move = beginMove(tx, p, [...order], { byKind: "timeout", page: pathOf(parseEntry(deadline.entry)) }, pushes);
    if (!stillThere) {
      await tx.deadline.updateMany({ where: { id: deadline.id, firedAt: null }, data: { firedAt: now } });
      return false;
    }
    if (!(await fireDeadline(move, deadline.position, current.page, now))) return false;
    await moveTo(move, deadline.position, await land(move, deadline.position), "timeout", now);
    pushes.push({ to: { players: [p.id] }, event: "page:refresh" });
    return true;
  });
}

/** Runs the sweep every `intervalMs` (one pass at a time); returns a stop function. */
export function startSweeper(dbs: { db: () => Db; read: () => Db }, intervalMs = 1000): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await sweepDeadlines({ db: dbs.db(), read: dbs.read() });
    } catch (e) {
      console.error("[sprout] sweep:", e);
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
