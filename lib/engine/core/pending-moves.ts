import type { Tx } from "../../store/db.ts";
import type { Provenance } from "../../store/field-log.ts";

/** A move a hook asked for (player.moveTo / moveToEnd), made once the hook's work is done. */
export interface PendingMove {
  playerId: number;
  /** a page of app `app` by name, or the end */
  to: { app: string; page: string } | "end";
  by: Provenance;
}

// Per transaction: a hook's move waits until the request's own move is over (the hook may be
// moving its own player, who is in the middle of a move), then runs in the same transaction
// (lib/engine/participant/hook-moves.ts). A retried transaction is a new Tx: nothing carries over.
const queues = new WeakMap<Tx, PendingMove[]>();

export function queueMove(tx: Tx, move: PendingMove): void {
  const queue = queues.get(tx);
  if (queue) queue.push(move);
  else queues.set(tx, [move]);
}

/** The next queued move of the transaction, taken off the queue. */
export const nextMove = (tx: Tx): PendingMove | undefined => queues.get(tx)?.shift();

/** How many moves are queued (a savepoint remembers it, and forgets later ones when it rolls back). */
export const queuedMoves = (tx: Tx): number => queues.get(tx)?.length ?? 0;

export function forgetMovesAfter(tx: Tx, count: number): void {
  queues.get(tx)?.splice(count);
}
