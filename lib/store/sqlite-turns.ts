import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";

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

/** `work`, called once the event loop has taken its turn. */
const afterTurn =
  <A extends unknown[], R>(work: (...args: A) => Promise<R>) =>
  async (...args: A): Promise<R> => {
    await nextTurn();
    return work(...args);
  };

/**
 * Makes the adapter's statements and transactions wait for the next turn of the event loop. The
 * statements inside a transaction do not: it holds SQLite's one writer, and spreading it over
 * many turns would hold every other write back as long.
 */
export function takeTurns(adapter: SqlDriverAdapter): void {
  adapter.queryRaw = afterTurn(adapter.queryRaw.bind(adapter));
  adapter.executeRaw = afterTurn(adapter.executeRaw.bind(adapter));
  adapter.startTransaction = afterTurn(adapter.startTransaction.bind(adapter));
}
