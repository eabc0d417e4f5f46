import { log } from "../../log.ts";
import type { Tx } from "../../store/db.ts";
import type { News } from "../../store/outbox.ts";
import { nextMove } from "../core/pending-moves.ts";
import { findPageIn, orderOf } from "../core/position.ts";
import { beginMove } from "./move-state.ts";
import { land, moveTo } from "./move.ts";
import { recheckWaits } from "./recheck-waits.ts";

/** More moves than this in one request is a loop (a page's beforeOnce moving its player back to it). */
const MAX_MOVES = 1000;

/**
 * Makes the moves hooks asked for in this transaction (player.moveTo / moveToEnd), in order,
 * after the request's own work: each like the admin's move (the player's tabs re-render, the
 * monitors and the session's admin tabs re-read), recorded in the field log and the page
 * visits with the hook's provenance (left "moved"). A hook running in a move here may ask for
 * more. Then whoever waits on a wait page for a moved player is asked again. A player not
 * started, or at the end, stays.
 */
export async function applyHookMoves(tx: Tx, outbox: News[]): Promise<void> {
  const touched = new Map<number, Parameters<typeof recheckWaits>[3]>();
  for (let n = 0; ; n++) {
    const next = nextMove(tx);
    if (!next) break;
    if (n >= MAX_MOVES) throw new Error(`hooks asked for more than ${MAX_MOVES} moves in one request (does a page move its player back to itself?)`);
    const p = await tx.player.findUnique({ where: { id: next.playerId }, include: { session: true } });
    if (!p || p.position < 0) continue;
    const order = orderOf(p);
    if (p.position >= order.length) continue;
    const move = beginMove(tx, p, order, next.by, outbox);
    let to: number;
    if (next.to === "end") to = order.length;
    else {
      const target = findPageIn(order, p.position, next.to.app, next.to.page);
      if (target === null) {
        log.warn({ app: next.to.app, page: next.to.page, player: p.name }, "moveTo: the page is not in the player's order (a between() branch they did not get); they stay");
        continue;
      }
      if (target === p.position) continue;
      to = await land(move, target - 1);
    }
    if (to === p.position) continue;
    await moveTo(move, p.position, to, "moved", new Date());
    outbox.push({ to: { players: [p.id] }, event: "page:refresh" }, { event: "session:changed", sname: p.session.name });
    touched.set(p.sessionId, next.by);
  }
  // Those waiting on a sync page for a moved player may go on now.
  for (const [sessionId, by] of touched) {
    await recheckWaits(tx, outbox, sessionId, by);
    // A hook run by a released player may have asked for moves of its own.
    await applyHookMoves(tx, outbox);
  }
}
