/**
 * `npm run bench`: how many participant page cycles (submit + next page) the production
 * build serves, beside the floor of the same build (a trivial page and a route with one
 * query). For each scenario, N bots play a config at once after a warm-up (in group games
 * they wait for each other as participants without JavaScript do); every value they saw
 * acknowledged must be in the field log, or the run fails. Each setup is a database and a
 * number of instances: SQLite in one process, or PostgreSQL with 1 or more instances on one
 * database (the bots split between them, as a load balancer would).
 *
 *   npm run bench -- [--scenarios survey:200,public_goods:300] [--setups sqlite,postgresql:1,postgresql:2]
 *                    [--runs 3] [--floor-seconds 5] [--no-build]
 *                    [--soak 5000 [--soak-seconds 180] [--soak-runs 1]]   (tests/bench/soak.ts; --scenarios= for the soak alone)
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { playBot, type BotResult } from "../../lib/bots/bot.ts";
import { missingSubmissions } from "../../lib/bots/verify.ts";
import { createSession } from "../../lib/engine/admin/sessions.ts";
import { createDb } from "../../lib/store/db.ts";
import { freshDatabase } from "./database.ts";
import { machine, startServer } from "./server.ts";
import { soak, soakReport } from "./soak.ts";
import { median, percentile } from "./stats.ts";

const { values: args } = parseArgs({
  options: {
    scenarios: { type: "string", default: "survey:200,public_goods:300" },
    setups: { type: "string", default: "sqlite" },
    runs: { type: "string", default: "3" },
    "floor-seconds": { type: "string", default: "5" },
    "floor-concurrency": { type: "string", default: "50" },
    "no-build": { type: "boolean", default: false },
    soak: { type: "string" },
    "soak-seconds": { type: "string", default: "180" },
    "soak-runs": { type: "string", default: "1" },
  },
});
const SCENARIOS = args.scenarios!.split(",").filter(Boolean).map((s) => {
  const [config, bots] = s.split(":");
  if (!config || !/^\d+$/.test(bots ?? "")) throw new Error(`--scenarios takes config:bots pairs, e.g. survey:200, not "${s}"`);
  return { config, bots: Number(bots) };
});
const SETUPS = args.setups!.split(",").map((s) => {
  const [engine, n = "1"] = s.split(":");
  if ((engine !== "sqlite" && engine !== "postgresql") || !/^[1-8]$/.test(n) || (engine === "sqlite" && n !== "1")) {
    throw new Error(`--setups takes sqlite or postgresql:N (N instances, 1 to 8), e.g. sqlite,postgresql:1,postgresql:2, not "${s}"`);
  }
  return { engine, instances: Number(n), name: engine === "sqlite" ? "SQLite" : `PostgreSQL × ${n}` };
});
const RUNS = Number(args.runs);
const FLOOR_SECONDS = Number(args["floor-seconds"]);
const FLOOR_CONCURRENCY = Number(args["floor-concurrency"]);

interface Figures {
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

function figures(latencies: number[], count: number, seconds: number, errors: number): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { rate: count / seconds, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), errors };
}

/** GETs `url` from `concurrency` loops for `seconds`; the floor of this build on this machine. */
async function floor(url: string, seconds: number, concurrency: number): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await fetch(url);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (!res.ok) errors++;
      }
    }),
  );
  return figures(latencies, latencies.length, (performance.now() - started) / 1000, errors);
}

/**
 * N bots play a fresh session at once. A cycle is a submit that moved the player on (the
 * start too) plus the page it leads to; a bot's checks on a wait page are counted apart.
 */
async function playSession(servers: { url: string }[], databaseUrl: string, config: string, players: number) {
  const db = createDb(databaseUrl);
  const session = await createSession(db, { config, players }, { byKind: "system", byName: "bench" });
  const latencies: number[] = [];
  let errors = 0;
  let cycles = 0;
  let waitChecks = 0;
  const started = performance.now();
  const results = await Promise.all(
    session.players.map((p, i) => {
      let pendingPost = 0; // this bot's last POST, paired with its next GET
      return playBot({
        url: `${servers[i % servers.length]!.url}/p/${session.name}/${p.name}/`,
        playerIndex: i,
        // A cycle's latency: its POST and the GET of the page it leads to.
        onRequest: (kind, ms, status, outcome) => {
          if (status >= 400) errors++;
          // Continue on a wait page answers "waiting", or "stale" when a push already moved the bot.
          if (kind === "post" && (outcome === "waiting" || outcome === "stale")) waitChecks++;
          else if (kind === "post") {
            pendingPost = ms;
            if (outcome === "advanced") cycles++;
          } else if (pendingPost) {
            latencies.push(pendingPost + ms);
            pendingPost = 0;
          }
        },
      }).catch((e: Error): BotResult => {
        errors++;
        console.error(`  bot ${i}: ${e.message}`);
        return { submissions: [], finished: "end" };
      });
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const missing = await missingSubmissions(db, session.name, results.map((r, i) => ({ playerName: session.players[i]!.name, submissions: r.submissions })));
  await db.$disconnect();
  return { figures: figures(latencies, cycles, seconds, errors), cycles, waitChecks, missing };
}

const row = (name: string, f: Figures, unit: string) =>
  `${name.padEnd(28)} ${f.rate.toFixed(0).padStart(6)} ${unit.padEnd(9)} p50 ${f.p50.toFixed(1).padStart(6)} ms  p95 ${f.p95.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(6)} ms  errors ${f.errors}`;

interface RunFigures {
  page: Figures;
  route: Figures;
  scenarios: Figures[];
  rss: number;
}

async function main() {
  if (!args["no-build"]) {
    console.log("Building (npm run build)...");
    const build = spawnSync("npm", ["run", "-s", "build"], { stdio: ["ignore", "ignore", "inherit"] });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  console.log(`Machine: ${machine()}`);
  console.log(`Scenarios: ${SCENARIOS.map((s) => `${s.bots} bots play "${s.config}" at once`).join("; ")} (each after a warm-up); floor: ${FLOOR_CONCURRENCY} concurrent GETs for ${FLOOR_SECONDS} s`);
  console.log(`Setups: ${SETUPS.map((s) => s.name).join(", ")}\n`);
  const results = new Map<string, RunFigures[]>(SETUPS.map((s) => [s.name, []]));
  let failed = false;
  for (let run = 1; run <= RUNS; run++) {
    // Setups take turns within a run, so a change in the machine's load touches them alike.
    for (const setup of SETUPS) {
      const database = await freshDatabase(setup.engine);
      const servers: Awaited<ReturnType<typeof startServer>>[] = [];
      try {
        for (let i = 0; i < setup.instances; i++) servers.push(await startServer(database.url));
        const first = servers[0]!;
        await floor(`${first.url}/health/`, 1, FLOOR_CONCURRENCY); // warm-up
        const page = await floor(`${first.url}/health/`, FLOOR_SECONDS, FLOOR_CONCURRENCY);
        const route = await floor(`${first.url}/api/health/`, FLOOR_SECONDS, FLOOR_CONCURRENCY);
        console.log(`Run ${run}, ${setup.name}:`);
        console.log(`  ${row("floor: trivial page", page, "req/s")}`);
        console.log(`  ${row("floor: route, 1 query", route, "req/s")}`);
        const scenarios: Figures[] = [];
        for (const { config, bots } of SCENARIOS) {
          await playSession(servers, database.url, config, 24); // warm-up (a multiple of 2, 3 and 4)
          const played = await playSession(servers, database.url, config, bots);
          scenarios.push(played.figures);
          console.log(`  ${row(`${config} (${bots} bots)`, played.figures, "cycles/s")}`);
          console.log(`    ${played.cycles} cycles, ${played.waitChecks} wait-page checks; values checked against the field log: ${played.missing.length ? `${played.missing.length} MISSING` : "all present"}`);
          if (played.missing.length) {
            failed = true;
            for (const m of played.missing.slice(0, 10)) console.log(`    ${m}`);
          }
          if (played.figures.errors) failed = true;
        }
        const rss = Math.max(...servers.map((s) => s.peakRssMb()));
        results.get(setup.name)!.push({ page, route, scenarios, rss });
        console.log(`  server peak RSS ${rss.toFixed(0)} MB (the largest instance)`);
      } finally {
        for (const server of servers) await server.stop();
        await database.remove();
      }
    }
  }
  for (const setup of SETUPS) {
    const runs = results.get(setup.name)!;
    const med = (pick: (r: RunFigures) => Figures): Figures => ({
      rate: median(runs.map((r) => pick(r).rate)),
      p50: median(runs.map((r) => pick(r).p50)),
      p95: median(runs.map((r) => pick(r).p95)),
      p99: median(runs.map((r) => pick(r).p99)),
      errors: runs.reduce((n, r) => n + pick(r).errors, 0),
    });
    console.log(`\n${setup.name}, medians of ${runs.length} runs:`);
    console.log(`  ${row("floor: trivial page", med((r) => r.page), "req/s")}`);
    console.log(`  ${row("floor: route, 1 query", med((r) => r.route), "req/s")}`);
    SCENARIOS.forEach(({ config, bots }, i) => {
      const f = med((r) => r.scenarios[i]!);
      console.log(`  ${row(`${config} (${bots} bots)`, f, "cycles/s")}  (${(f.rate / med((r) => r.route).rate).toFixed(2)} × the route floor)`);
    });
    console.log(`  server peak RSS ${median(runs.map((r) => r.rss)).toFixed(0)} MB`);
  }
  if (args.soak) {
    const participants = Number(args.soak);
    if (!Number.isInteger(participants) || participants < 10) throw new Error(`--soak takes a number of participants (10 or more), not "${args.soak}"`);
    for (let run = 1; run <= Number(args["soak-runs"]); run++) {
      for (const setup of SETUPS.filter((s) => s.instances === 1)) {
        console.log(`\nSoak, run ${run}:`);
        const figures = await soak(setup.engine, participants, Number(args["soak-seconds"]));
        for (const line of soakReport(setup.name, figures)) console.log(`  ${line}`);
        if (figures.errors || figures.missing.length) failed = true;
      }
    }
  }
  if (failed) {
    console.log("\nFAILED: errors, or acknowledged values missing from the field log");
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
