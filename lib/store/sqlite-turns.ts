import type { SqlDriverAdapter, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

// better-sqlite3 answers synchronously, so a request's statements follow each other in one run of
// microtasks, and the requests that take their turns from each other (the participants' line) run
// on in the same turn of the event loop. Under load one such turn took 50–300 ms, 3–30 turns a
// second, and Node accepts one new connection per turn (and reads sockets only between turns): in
// a saturated benchmark a newcomer's connection waited up to 16 s to be accepted while the server
// logged every request within 100 ms (README, "Speed"). So each statement outside a transaction,
// and each transaction's start, first lets the event loop take its turn: the loop goes round once
// per step of each request at work, and accepts and reads between them.

/** Resolves in the event loop's next turn, after its poll phase: the I/O that was waiting has been taken in. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Makes the adapter's statements and transactions wait for the next turn of the event loop. The
 * statements inside a transaction do not: it holds SQLite's one writer, and spreading it over
 * many turns would hold every other write back as long.
 */
export function takeTurns(adapter: SqlDriverAdapter): void {
  const { queryRaw, executeRaw, startTransaction } = adapter;
  adapter.queryRaw = async (query: SqlQuery) => {
    await nextTurn();
    return queryRaw.call(adapter, query);
  };
  adapter.executeRaw = async (query: SqlQuery) => {
    await nextTurn();
    return executeRaw.call(adapter, query);
  };
  adapter.startTransaction = async (isolationLevel): Promise<Transaction> => {
    await nextTurn();
    return startTransaction.call(adapter, isolationLevel);
  };
}
