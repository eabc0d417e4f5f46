/**
 * `npm run bench -- --soak 5000`: a study of N participants on this machine. The load generator
 * (tests/bench/soak-load.ts, its own process) keeps N participants at once, each with the
 * participant socket open and a page every 30 s (about N/30 page cycles per second, their turns
 * spread); after a ramp of one period it is measured for --soak-seconds. Meanwhile an admin in
 * Chromium opens the session page (timed) and watches two players whom this process moves every
 * 10 s (the time from the move's answer until the monitor's row shows the new page). Reports the
 * rate, the cycle latencies (a POST and the page it leads to), errors, the server's memory at
 * rest and with every participant connected, and checks every acknowledged value against the
 * field log.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, errors, type Browser } from "playwright-core";
import { playBot, type Submission } from "../../lib/bots/bot.ts";
import { missingSubmissions } from "../../lib/bots/verify.ts";
import { createSession } from "../../lib/engine/admin/sessions.ts";
import { createDb } from "../../lib/store/db.ts";
import { freshDatabase } from "./database.ts";
import { startServer } from "./server.ts";
import { percentile } from "./stats.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PERIOD_MS = 30_000;
/** How long the admin's session page may take to open before the soak notes that it did not. */
const ADMIN_OPEN_LIMIT_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SoakFigures {
  participants: number;
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  errorSamples: string[];
  cycles: number;
  peakConnected: number;
  restRssMb: number;
  connectedRssMb: number;
  peakRssMb: number;
  perParticipantKb: number;
  missing: string[];
  adminOpenMs: number | null;
  monitorLagMs: number[];
  /** Share of one core each used in the window, and the load generator's event-loop delay. */
  serverCpu: number;
  generatorCpu: number;
  generatorLoopDelayMs: { p50: number; p99: number };
}

/** The admin's view during the soak: the session page's opening time, and how soon the monitor shows a move. */
async function watchAsAdmin(browser: Browser, server: { url: string; output: () => string }, sname: string, tracked: string[], until: number) {
  const page = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
  page.setDefaultTimeout(ADMIN_OPEN_LIMIT_MS);
  let opening = performance.now();
  try {
    await page.goto(/Admin \(signs you in[^)]*\): (\S+)/.exec(server.output())![1]!);
    await page.waitForURL(/\/admin\/dashboard\//);
    opening = performance.now();
    await page.goto(`${server.url}/admin/session/${sname}/`);
    await page.locator(`tr[data-player="${tracked[0]}"] [data-cell="page"]`).waitFor();
  } catch (e) {
    // An overloaded server may not open it at all: a figure of the soak, not a reason to stop it.
    if (e instanceof errors.TimeoutError) return { adminOpenMs: Infinity, monitorLagMs: [] };
    throw e;
  }
  const adminOpenMs = performance.now() - opening;
  // When each tracked row's page cell shows another page (Date.now, the same clock as this process).
  await page.evaluate(`(() => {
    const names = ${JSON.stringify(tracked)};
    const text = (name) => document.querySelector('tr[data-player="' + name + '"] [data-cell="page"]')?.textContent ?? "";
    const last = Object.fromEntries(names.map((n) => [n, text(n)]));
    window.changes = Object.fromEntries(names.map((n) => [n, []]));
    new MutationObserver(() => {
      for (const n of names) {
        const now = text(n);
        if (now !== last[n]) (last[n] = now), window.changes[n].push(Date.now());
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
  // The tracked players move every 10 s; the time each move was answered (committed).
  const moves: { name: string; at: number }[] = [];
  await Promise.all(
    tracked.map((name, i) =>
      playBot({
        url: `${server.url}/p/${sname}/${name}/`,
        playerIndex: i,
        beforeSubmit: async () => {
          await sleep(10_000);
          return performance.now() < until;
        },
        onRequest: (kind, _ms, _status, outcome) => {
          if (kind === "post" && outcome === "advanced") moves.push({ name, at: Date.now() });
        },
      }),
    ),
  );
  await sleep(2000);
  const changes = (await page.evaluate("window.changes")) as Record<string, number[]>;
  const monitorLagMs = moves.map(({ name, at }) => {
    const shown = changes[name]!.find((t) => t >= at - 50);
    return shown === undefined ? Infinity : Math.max(0, shown - at);
  });
  return { adminOpenMs, monitorLagMs };
}

/** One soak of `participants` on a fresh database of `engine`, measured for `seconds`. */
export async function soak(engine: string, participants: number, seconds: number): Promise<SoakFigures> {
  const database = await freshDatabase(engine);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sprout-soak-"));
  // Each seat goes through about one participant per 6 pages × 30 s; the pool has room for more,
  // within a session's 10,000 players (with the warm-up's 20 and the admin's 2 besides).
  const poolSize = Math.min(10_000 - 22, Math.ceil(participants * (1.2 + (PERIOD_MS + seconds * 1000) / (6 * PERIOD_MS))));
  const db = createDb(database.url);
  const session = await createSession(db, { config: "survey", players: poolSize + 22 }, { byKind: "system", byName: "bench" });
  const names = session.players.map((p) => p.name);
  // The admin watches the first two: the monitor renders the rows in view, the top ones on opening.
  const tracked = names.splice(0, 2);
  const server = await startServer(database.url);
  let browser: Browser | null = null;
  let generator: ChildProcess | null = null;
  try {
    // Warm the server up (its caches, the JIT) with a few participants played through.
    await Promise.all(names.splice(-20).map((name, i) => playBot({ url: `${server.url}/p/${session.name}/${name}/`, playerIndex: i })));
    await sleep(2000);
    const restRssMb = server.rssMb();
    const playersFile = path.join(dir, "players.txt");
    fs.writeFileSync(playersFile, names.join(","));
    const out = path.join(dir, "load.json");
    const child = fork(path.resolve("tests/bench/soak-load.ts"), [
      "--origin", server.url, "--session", session.name, "--players-file", playersFile, "--participants", String(participants),
      "--period-ms", String(PERIOD_MS), "--ramp-ms", String(PERIOD_MS), "--measure-ms", String(seconds * 1000), "--out", out,
    ], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    generator = child;
    // The server's memory when the most participants were connected.
    let connectedRssMb = 0;
    let mostConnected = 0;
    let serverCpuAtStart = 0;
    let serverCpuSeconds = 0;
    child.on("message", (m: { connected?: number; window?: "start" | "end" }) => {
      if (m.window === "start") serverCpuAtStart = server.cpuSeconds();
      if (m.window === "end") serverCpuSeconds = server.cpuSeconds() - serverCpuAtStart;
      if (m.connected !== undefined && m.connected >= mostConnected) (mostConnected = m.connected), (connectedRssMb = server.rssMb());
    });
    const done = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
    let admin: Awaited<ReturnType<typeof watchAsAdmin>> | null = null;
    if (fs.existsSync(CHROMIUM)) {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
      await sleep(PERIOD_MS);
      admin = await watchAsAdmin(browser, server, session.name, tracked, performance.now() + (seconds * 1000 * 2) / 3);
    } else {
      console.log("    (Chromium not found: the admin's figures are left out)");
    }
    if ((await done) !== 0) throw new Error("the load generator failed");
    serverCpuSeconds ||= server.cpuSeconds() - serverCpuAtStart; // its "end" can come after the last seat's
    const load = JSON.parse(fs.readFileSync(out, "utf8")) as { cycles: number[]; errors: number; errorSamples: string[]; peakConnected: number; played: { playerName: string; submissions: Submission[] }[]; windowSeconds: number; generator: { loopDelayP50Ms: number; loopDelayP99Ms: number; cpuSeconds: number } };
    const sorted = [...load.cycles].sort((a, b) => a - b);
    const missing = await missingSubmissions(db, session.name, load.played);
    return {
      participants,
      rate: load.cycles.length / load.windowSeconds,
      p50: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
      p99: percentile(sorted, 0.99),
      errors: load.errors,
      errorSamples: load.errorSamples,
      cycles: load.cycles.length,
      peakConnected: load.peakConnected,
      restRssMb,
      connectedRssMb,
      peakRssMb: server.peakRssMb(),
      perParticipantKb: ((connectedRssMb - restRssMb) * 1024) / Math.max(1, mostConnected),
      missing,
      adminOpenMs: admin?.adminOpenMs ?? null,
      monitorLagMs: admin?.monitorLagMs ?? [],
      serverCpu: serverCpuSeconds / load.windowSeconds,
      generatorCpu: load.generator.cpuSeconds / load.windowSeconds,
      generatorLoopDelayMs: { p50: load.generator.loopDelayP50Ms, p99: load.generator.loopDelayP99Ms },
    };
  } finally {
    if (generator?.exitCode === null) generator.kill(); // the soak stopped early: its load stops too
    await browser?.close();
    await server.stop();
    await db.$disconnect();
    await database.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The soak's lines for the report. */
export function soakReport(name: string, f: SoakFigures): string[] {
  const lags = [...f.monitorLagMs].sort((a, b) => a - b);
  return [
    `${name}: ${f.participants} participants, sockets open (peak ${f.peakConnected}), a page every ${PERIOD_MS / 1000} s each`,
    `  ${f.rate.toFixed(0)} cycles/s  p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  errors ${f.errors}  (${f.cycles} cycles measured)`,
    ...f.errorSamples.map((e) => `    ${e}`),
    `  server RSS ${f.restRssMb.toFixed(0)} MB at rest, ${f.connectedRssMb.toFixed(0)} MB with everyone connected (peak ${f.peakRssMb.toFixed(0)} MB): ${f.perParticipantKb.toFixed(0)} KB per connected participant`,
    `  admin: the session page ${f.adminOpenMs === null ? "was not opened" : f.adminOpenMs === Infinity ? `did not open within ${ADMIN_OPEN_LIMIT_MS / 1000} s` : `opened in ${f.adminOpenMs.toFixed(0)} ms`}; the monitor showed ${lags.length} moves after ${lags.length ? `${lags[0]!.toFixed(0)}–${lags.at(-1)!.toFixed(0)} ms (median ${percentile(lags, 0.5).toFixed(0)} ms)` : "–"}`,
    `  CPU in the window (1 = one core busy): server ${f.serverCpu.toFixed(2)}, load generator ${f.generatorCpu.toFixed(2)} (its event loop late by p50 ${f.generatorLoopDelayMs.p50.toFixed(0)} ms, p99 ${f.generatorLoopDelayMs.p99.toFixed(0)} ms)`,
    `  values checked against the field log: ${f.missing.length ? `${f.missing.length} MISSING` : "all present"}`,
  ];
}
