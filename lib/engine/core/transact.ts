import type { Db, Tx } from "../../store/db.ts";
import { transaction, type News } from "../../store/outbox.ts";
import { GroupingConflict } from "./groups.ts";

/**
 * Runs a move's transaction; its outbox goes out after commit (lib/store/outbox.ts). A
 * grouping race on PostgreSQL (another transaction claimed a waiting player first) is
 * retried a few times from the start.
 */
export function transact<T>(db: Db, work: (tx: Tx, outbox: News[]) => Promise<T>): Promise<T> {
  return transaction(db, work, (e, attempt) => e instanceof GroupingConflict && attempt < 5);
}
