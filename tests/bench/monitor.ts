/**
 * The admin's player monitor under load: 1,000 players of one session start at once (40
 * requests in flight, each a page move) while the monitor is open in Chromium.
 *
 *   npx tsx tests/bench/monitor.ts [--players 1000] [--concurrency 40] [--runs 3]
 *
 * Needs the production build of the example project (`npm run build`) and Chromium. Each
 * run starts it on a fresh SQLite file, opens the session's monitor, then lets the bots
 * start. Measures: how long the monitor takes to show every row; the starts' rate; for each
 * start of a player whose row is in view (the monitor renders only those in a large session),
 * the time from the server's answer (the move is committed) until the monitor shows the
 * player's page (live, no reload), in the page by a MutationObserver on the same clock; until
 * the monitor counts every player started; and for clicks on rows while the moves stream in
 * (one every 250 ms), the time from the input event until the row is selected in the DOM (so
 * including any wait behind the monitor's own work on the page's main thread). Checks: every
 * player started, and the monitor counts them all. Prints each run and the medians.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "playwright-core";
import { createSession } from "../../lib/engine/admin/sessions.ts";
import { createDb } from "../../lib/store/db.ts";
import { applyMigrations } from "../../lib/store/migrate.ts";
import { machine, serverScript, startServer } from "./server.ts";
import { median, percentile } from "./stats.ts";

const { values: args } = parseArgs({
  options: {
    players: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "40" },
    runs: { type: "string", default: "3" },
  },
});
const PLAYERS = Number(args.players);
const CONCURRENCY = Number(args.concurrency);
const RUNS = Number(args.runs);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ms = (x: number) => `${x.toFixed(0)} ms`;

/**
 * In the monitor page: when each row first shows a page (window.seen, by player name), and how
 * long each click on a row took to select or unselect it (window.clicks). A string, as tsx
 * would add helpers of its own to a function that the page does not have.
 */
const WATCH_MONITOR = `(() => {
  window.seen = {};
  window.clicks = [];
  new MutationObserver((records) => {
    const now = Date.now();
    for (const r of records) {
      const el = r.target.nodeType === Node.TEXT_NODE ? r.target.parentElement : r.target;
      const tr = el && el.closest("tr[data-player]");
      const name = tr && tr.getAttribute("data-player");
      if (!name || name in window.seen) continue;
      const page = tr.querySelector('[data-cell="page"]');
      if (page && page.textContent.trim() !== "—") window.seen[name] = now;
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
  document.addEventListener("click", (e) => {
    const tr = e.target.closest("tr[data-player]");
    if (!tr) return;
    const before = tr.getAttribute("aria-selected");
    const observer = new MutationObserver(() => {
      if (tr.getAttribute("aria-selected") === before) return;
      window.clicks.push(performance.now() - e.timeStamp);
      observer.disconnect();
    });
    observer.observe(tr, { attributes: true, attributeFilter: ["aria-selected"] });
  }, true);
})()`;

async function run(browserPath: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sprout-bench-monitor-"));
  const databaseUrl = `file:${path.join(dir, "db.sqlite3")}`;
  applyMigrations(path.join(dir, "db.sqlite3"));
  const db = createDb(databaseUrl);
  const session = await createSession(db, { config: "hello", players: PLAYERS }, { byKind: "system", byName: "bench" });
  const server = await startServer(databaseUrl);
  const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const admin: Page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
    // A bench waits as long as it takes (what it takes is the figure); 5 minutes at most.
    admin.setDefaultTimeout(300_000);
    await admin.goto(/Admin \(signs you in[^)]*\): (\S+)/.exec(server.output())![1]!);
    await admin.waitForURL(/\/admin\/dashboard\//);
    const loadStarted = performance.now();
    await admin.goto(`${server.url}/admin/session/${session.name}/`);
    await admin.locator(`tr[data-player="${session.players[0]!.name}"]`).waitFor({ timeout: 300_000 });
    await admin.getByText(`${PLAYERS} of ${PLAYERS} shown`).waitFor();
    const load = performance.now() - loadStarted;
    const inView = await admin.locator("tr[data-player]").count();
    await admin.evaluate(WATCH_MONITOR);

    // The bots: each starts (POST, a page move), then loads the page it leads to.
    const answered = new Map<string, number>();
    let next = 0;
    let errors = 0;
    const started = performance.now();
    let moving = true;
    const bots = Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < PLAYERS) {
          const p = session.players[next++]!;
          const url = `${server.url}/p/${session.name}/${p.name}/`;
          const res = await fetch(`${url}submit/`, { method: "POST", body: new URLSearchParams({ _position: "-1" }), redirect: "manual" });
          answered.set(p.name, Date.now());
          await res.arrayBuffer();
          if (res.status !== 303) errors++;
          await (await fetch(url)).arrayBuffer();
        }
      }),
    ).finally(() => (moving = false));
    // Meanwhile, a click on a row every 250 ms (a different row each time, toggling it).
    let clicked = 0;
    while (moving) {
      await new Promise((r) => setTimeout(r, 250));
      if (!moving) break;
      await admin.locator("tr[data-player]").nth((clicked * 7) % Math.min(inView, 30)).locator('[data-cell="progress"]').click();
      clicked++;
    }
    await bots;
    const seconds = (performance.now() - started) / 1000;
    // Every player counted as started, then every row in view showing its page.
    await admin.waitForFunction((n) => document.querySelectorAll('[data-testid="monitor-counts"] strong')[1]?.textContent === String(n), PLAYERS);
    const counted = Date.now();
    const watched = session.players.slice(0, inView).map((p) => p.name);
    await admin.waitForFunction((names) => names.every((n) => n in (window as unknown as { seen: object }).seen), watched);
    await admin.waitForFunction((n) => (window as unknown as { clicks: number[] }).clicks.length >= n, clicked);
    const { seen, clicks } = await admin.evaluate(() => {
      const w = window as unknown as { seen: Record<string, number>; clicks: number[] };
      return { seen: w.seen, clicks: w.clicks };
    });
    const startedPlayers = await db.player.count({ where: { sessionId: session.id, started: true } });
    if (errors || startedPlayers !== PLAYERS) throw new Error(`${errors} starts failed; ${startedPlayers} of ${PLAYERS} players started`);
    const lags = watched.map((name) => seen[name]! - answered.get(name)!).sort((a, b) => a - b);
    const lastAnswer = Math.max(...answered.values());
    return {
      load,
      rate: PLAYERS / seconds,
      lagP50: percentile(lags, 0.5),
      lagP95: percentile(lags, 0.95),
      lagMax: lags.at(-1)!,
      // After the last answer, until the monitor counts every player started.
      drain: counted - lastAnswer,
      inView,
      clickP50: percentile([...clicks].sort((a, b) => a - b), 0.5),
      clickMax: Math.max(...clicks),
      clicks: clicks.length,
      rss: server.peakRssMb(),
    };
  } finally {
    await browser.close();
    await server.stop();
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!fs.existsSync(serverScript())) throw new Error("build first: npm run build");
if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
console.log(`Monitor under load: ${PLAYERS} players start, ${CONCURRENCY} in flight, the session's monitor open in Chromium; ${machine()}`);
const results: Awaited<ReturnType<typeof run>>[] = [];
for (let i = 0; i < RUNS; i++) {
  const r = await run(CHROMIUM);
  results.push(r);
  console.log(
    `run ${i + 1}: monitor opens with ${PLAYERS} players in ${ms(r.load)}; ${r.rate.toFixed(0)} starts/s; start to shown in the monitor (${r.inView} rows in view) p50 ${ms(r.lagP50)}, p95 ${ms(r.lagP95)}, max ${ms(r.lagMax)} (all counted ${ms(r.drain)} after the last answer); ${r.clicks} clicks meanwhile: to selected p50 ${ms(r.clickP50)}, max ${ms(r.clickMax)}; server peak RSS ${r.rss.toFixed(0)} MB`,
  );
}
const med = (pick: (r: (typeof results)[number]) => number) => median(results.map(pick));
console.log(
  `median of ${results.length}: monitor opens with ${PLAYERS} players in ${ms(med((r) => r.load))}; ${med((r) => r.rate).toFixed(0)} starts/s; start to shown p50 ${ms(med((r) => r.lagP50))}, p95 ${ms(med((r) => r.lagP95))}, max ${ms(med((r) => r.lagMax))} (all counted ${ms(med((r) => r.drain))} after the last answer); clicks to selected p50 ${ms(med((r) => r.clickP50))}, max ${ms(med((r) => r.clickMax))}; server peak RSS ${med((r) => r.rss).toFixed(0)} MB`,
);
