import { freshDb } from "../../helpers/database";

// SQLite's statements let the event loop take its turn (lib/store/sqlite-turns.ts): between two
// statements outside a transaction the loop goes round (timers, accepts, socket reads), while a
// transaction's statements run without a break. Counted in turns of the loop, not in time.

/** Counts the event loop's turns from now until `stop()`. */
function countTurns() {
  let turns = 0;
  let running = true;
  const tick = () => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return { now: () => turns, stop: () => (running = false) };
}

test("the event loop goes round between statements outside a transaction, and not inside one", async () => {
  const { db } = freshDb("sqlite");
  await db.session.count(); // connected
  const turns = countTurns();
  for (let i = 0; i < 20; i++) await db.session.count();
  // Without turns the twenty reads would run in one run of microtasks: the ticker could not move.
  expect(turns.now()).toBeGreaterThanOrEqual(19);

  const during: number[] = [];
  await db.$transaction(async (tx) => {
    for (let i = 0; i < 20; i++) {
      await tx.session.count();
      during.push(turns.now());
    }
  });
  turns.stop();
  expect(new Set(during).size).toBe(1);
  await db.$disconnect();
});
