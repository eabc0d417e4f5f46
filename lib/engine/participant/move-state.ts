import type { Tx } from "../../store/db.ts";
import type { Owner, Provenance } from "../../store/field-log.ts";
import type { News } from "../../store/outbox.ts";
import type { PlayerWithSession } from "../core/hook-context.ts";
import { WriteBuffer } from "../core/write-buffer.ts";

// What a move carries (apart from move.ts, which walks it: time limits and wait pages read it too).

/** Thrown inside a transaction to roll it back when another request moved the player first. */
export class LostRace extends Error {}

/** One move of a player inside a transaction, with the writes and pushes it collects. */
export interface Move {
  tx: Tx;
  p: PlayerWithSession;
  owner: Owner;
  order: string[];
  orderChanged: boolean;
  buffer: WriteBuffer;
  /** who caused the move (participant, admin, timeout) */
  by: Provenance;
  /** the transaction's outbox: news sent once it has committed (shared by every move in it) */
  pushes: News[];
  /** the data-quality columns of the visit being left (lib/engine/quality/record.ts), stored with its leftAt */
  visitQuality?: { signals: string | null; signalSource: string | null; flags: string | null };
}

/** Begins a move; it works on its own copy of the page order (a repeat() may extend it). */
export function beginMove(tx: Tx, p: PlayerWithSession, order: readonly string[], by: Provenance, pushes: News[] = []): Move {
  return { tx, p, owner: { kind: "player", id: p.id, sessionId: p.sessionId }, order: [...order], orderChanged: false, buffer: new WriteBuffer(), by, pushes };
}
