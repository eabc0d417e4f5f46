import type { Db, Tx } from "../../store/db.ts";
import { transaction, type News } from "../../store/outbox.ts";
import { GroupingConflict } from "../core/groups.ts";
import { applyHookMoves } from "./hook-moves.ts";

/**
 * Runs a move's transaction; its outbox goes out after commit (lib/store/outbox.ts). A
 * grouping race on PostgreSQL (another transaction claimed a waiting player first) is
 * retried a few times from the start. The moves hooks asked for are made at the end of it.
 */
export function transact<T>(db: Db, work: (tx: Tx, outbox: News[]) => Promise<T>): Promise<T> {
  return transaction(
    db,
    async (tx, outbox) => {
      const result = await work(tx, outbox);
      // The moves hooks asked for (player.moveTo / moveToEnd), once the request's own is done.
      await applyHookMoves(tx, outbox);
      return result;
    },
    (e, attempt) => e instanceof GroupingConflict && attempt < 5,
  );
}
