/**
 * Room joins: how fast a lab's worth of participants gets in through one room link, and that
 * the capacity holds under the rush.
 *
 *   npx tsx tests/bench/rooms.ts [--joiners 500] [--capacity 400] [--concurrency 100] [--runs 3]
 *
 * Needs the production build of the example project (`npm run build`). Each run starts it on a
 * fresh SQLite file, makes an open room with the "hello" config and the given capacity, then
 * sends every joiner's POST /room/<name>/ (each with a label of their own) with `concurrency`
 * in flight. The first join creates the session. Checks: exactly `capacity` players, one per
 * admitted label, every other joiner answered 423. Prints each run and the medians.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createRoom } from "../../lib/engine/rooms/rooms.ts";
import { createDb } from "../../lib/store/db.ts";
import { applyMigrations } from "../../lib/store/migrate.ts";
import { machine, startServer } from "./server.ts";
import { median, percentile } from "./stats.ts";

const { values: args } = parseArgs({
  options: {
    joiners: { type: "string", default: "500" },
    capacity: { type: "string", default: "400" },
    concurrency: { type: "string", default: "100" },
    runs: { type: "string", default: "3" },
  },
});
const JOINERS = Number(args.joiners);
const CAPACITY = Number(args.capacity);
const CONCURRENCY = Number(args.concurrency);
const RUNS = Number(args.runs);


async function run() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sprout-bench-rooms-"));
  const databaseUrl = `file:${path.join(dir, "db.sqlite3")}`;
  applyMigrations(path.join(dir, "db.sqlite3"));
  const db = createDb(databaseUrl);
  await createRoom(db, "bench", "bench", { config: "hello", labels: null, capacity: CAPACITY, open: true });
  const server = await startServer(databaseUrl);
  try {
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < JOINERS) {
          const label = `P${next++}`;
          const t = performance.now();
          const res = await fetch(`${server.url}/room/bench/`, { method: "POST", body: new URLSearchParams({ label }), redirect: "manual" });
          await res.arrayBuffer();
          latencies.push(performance.now() - t);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const session = await db.session.findUniqueOrThrow({ where: { room: "bench" }, include: { players: { select: { label: true, started: true } } } });
    const labels = new Set(session.players.map((p) => p.label));
    const admitted = statuses.get(303) ?? 0;
    const full = statuses.get(423) ?? 0;
    if (admitted !== CAPACITY || full !== JOINERS - CAPACITY || session.players.length !== CAPACITY || labels.size !== CAPACITY || session.players.some((p) => !p.started)) {
      throw new Error(`capacity broken: ${JSON.stringify(Object.fromEntries(statuses))}, ${session.players.length} players, ${labels.size} labels`);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    return { rate: JOINERS / seconds, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), rss: server.peakRssMb() };
  } finally {
    await server.stop();
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!fs.existsSync("dist/server.js")) throw new Error("build first: npm run build");
console.log(`Room joins: ${JOINERS} joiners, capacity ${CAPACITY}, ${CONCURRENCY} in flight; ${machine()}`);
const results = [];
for (let i = 0; i < RUNS; i++) {
  const r = await run();
  results.push(r);
  console.log(`run ${i + 1}: ${r.rate.toFixed(0)} joins/s, p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, server peak RSS ${r.rss.toFixed(0)} MB (${CAPACITY} admitted, ${JOINERS - CAPACITY} turned away with 423)`);
}
console.log(
  `median: ${median(results.map((r) => r.rate)).toFixed(0)} joins/s, p50 ${median(results.map((r) => r.p50)).toFixed(0)} ms, p95 ${median(results.map((r) => r.p95)).toFixed(0)} ms, peak RSS ${median(results.map((r) => r.rss)).toFixed(0)} MB`,
);
