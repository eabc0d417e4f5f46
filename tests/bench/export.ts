/**
 * Export time and peak memory for a field log of 1,000,000 rows:
 *
 *   npx tsx tests/bench/export.ts [--rows 1000000] [--runs 3] [--formats long.csv,log.jsonl,briefcase]
 *
 * Fills a fresh SQLite file (one session, 1,000 players, writes spread over 50 keys, values of
 * every JSON kind with commas and quotes), then streams each export to /dev/null in a child
 * process of its own, so each peak resident set size (VmHWM) is that export's alone. Prints
 * every run and the medians. Any export format works; `briefcase` is the session's whole replication briefcase (every
 * table, the dictionary, the source, checksums: lib/data/briefcase.ts), zipped as it streams.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chunkStream, EXPORT_FORMATS, exportChunks, isExportFormat, resolveScope, type ExportScope } from "../../lib/data/exports.ts";
import { briefcaseResponse } from "../../lib/data/briefcase.ts";
import { createDb, type Db } from "../../lib/store/db.ts";
import { applyMigrations, openSqlite } from "../../lib/store/migrate.ts";

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SCRIPT), "../..");
const PLAYERS = 1_000;
const KEYS = 50;
const BATCH = 50_000;
const SESSION = "bench";

// --- The database ------------------------------------------------------------------------------

/** A value of every JSON kind in turn, some with the characters CSV must quote. */
function valueFor(i: number): string {
  switch (i % 5) {
    case 0:
      return JSON.stringify(i);
    case 1:
      return JSON.stringify(`answer, "quoted" ${i}`);
    case 2:
      return JSON.stringify(i % 2 === 0);
    case 3:
      return JSON.stringify({ choice: i % 7, list: [1, 2, 3] });
    default:
      return JSON.stringify(-i / 100);
  }
}

/** A new database with one session of PLAYERS players and `rows` field writes, inserted in big transactions. */
function fill(file: string, rows: number): void {
  applyMigrations(file);
  const sqlite = openSqlite(file);
  try {
    const started = Date.now();
    const now = new Date("2026-01-01T00:00:00Z").getTime();
    sqlite.prepare(`INSERT INTO "Session" ("name", "config", "apps", "secret", "createdAt") VALUES (?, 'bench', '["bench"]', 'secret', ?)`).run(SESSION, new Date(now).toISOString());
    const sessionId = (sqlite.prepare(`SELECT "id" FROM "Session" WHERE "name" = ?`).get(SESSION) as { id: number }).id;
    const addPlayer = sqlite.prepare(`INSERT INTO "Player" ("sessionId", "name", "index", "createdAt") VALUES (?, ?, ?, ?)`);
    sqlite.transaction(() => {
      for (let i = 0; i < PLAYERS; i++) addPlayer.run(sessionId, `p${String(i).padStart(4, "0")}`, i, new Date(now).toISOString());
    })();
    const firstPlayer = (sqlite.prepare(`SELECT MIN("id") AS "id" FROM "Player" WHERE "sessionId" = ?`).get(sessionId) as { id: number }).id;
    const addWrite = sqlite.prepare(`INSERT INTO "FieldWrite" ("sessionId", "ownerKind", "ownerId", "key", "value", "at", "app", "position", "round", "byKind", "byName", "page", "hook", "codeLine")
      VALUES (?, 'player', ?, ?, ?, ?, 'bench', ?, ?, ?, ?, ?, ?, ?)`);
    const insertBatch = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const hook = i % 10 === 0;
        addWrite.run(
          sessionId, firstPlayer + (i % PLAYERS), `field${i % KEYS}`, i % 97 === 0 ? null : valueFor(i), new Date(now + i).toISOString(),
          i % 20, 1 + (i % 3), hook ? "hook" : "participant", hook ? "beforeOnce" : null, `bench/Page${i % 20}`, hook ? "beforeOnce" : null, hook ? "experiments/bench/index.tsx:42" : null,
        );
      }
    });
    for (let from = 0; from < rows; from += BATCH) insertBatch(from, Math.min(rows, from + BATCH));
    console.log(`filled ${rows.toLocaleString("en")} log rows in ${((Date.now() - started) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 1e6).toFixed(0)} MB + WAL)`);
  } finally {
    sqlite.close();
  }
}

// --- One export, in a child process -----------------------------------------------------------

interface Measured {
  format: string;
  seconds: number;
  /** resident set size after opening the database, before the export (MB) */
  baseMb: number;
  /** the process's peak resident set size (VmHWM, MB) */
  peakMb: number;
  bytes: number;
}

/** The kernel's high-water mark of this process's resident memory, in bytes. */
function peakRss(): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1];
  return kb ? Number(kb) * 1024 : process.memoryUsage().rss;
}

async function drain(stream: ReadableStream<Uint8Array>, out: fs.WriteStream): Promise<number> {
  let bytes = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (!out.write(value)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return bytes;
}

async function measureOne(file: string, format: string): Promise<Measured> {
  const read: Db = createDb(`file:${file}`);
  const scope: ExportScope = await resolveScope(read, { session: SESSION });
  const base = process.memoryUsage().rss;
  const started = performance.now();
  // Through the same byte stream the download route uses.
  const stream =
    format === "briefcase" ? (await briefcaseResponse(read, { session: SESSION }, SESSION, ROOT)).body! : isExportFormat(format) ? chunkStream(exportChunks(read, format, scope), `bench ${format}`) : null;
  if (!stream) throw new Error(`no format "${format}"`);
  const bytes = await drain(stream, fs.createWriteStream("/dev/null"));
  const seconds = (performance.now() - started) / 1000;
  await read.$disconnect();
  return { format, seconds, baseMb: base / 2 ** 20, peakMb: peakRss() / 2 ** 20, bytes };
}

// --- Driver ------------------------------------------------------------------------------------

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Runs this script again as a child that measures one export, with the same loader (tsx). */
function runChild(file: string, format: string): Measured {
  const child = spawnSync(process.execPath, [...process.execArgv, SCRIPT, "--child", file, "--formats", format], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (child.status !== 0) throw new Error(`the ${format} export failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as Measured;
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      rows: { type: "string", default: "1000000" },
      runs: { type: "string", default: "3" },
      formats: { type: "string", default: "long.csv,log.jsonl,briefcase" },
      child: { type: "string" },
    },
  });
  const formats = args.formats!.split(",");
  for (const f of formats) if (f !== "briefcase" && !isExportFormat(f)) throw new Error(`--formats takes ${EXPORT_FORMATS.join(", ")} and briefcase, not "${f}"`);
  if (args.child) {
    console.log(JSON.stringify(await measureOne(args.child, formats[0]!)));
    return;
  }
  const dir = fs.mkdtempSync(path.join(ROOT, "tests/.tmp/bench-export-"));
  try {
    const file = path.join(dir, "sprout.sqlite3");
    fill(file, Number(args.rows));
    const results: Measured[] = [];
    for (let run = 1; run <= Number(args.runs); run++) {
      for (const format of formats) {
        const m = runChild(file, format);
        results.push(m);
        console.log(`run ${run} ${format.padEnd(9)} ${m.seconds.toFixed(2)} s  peak RSS ${m.peakMb.toFixed(0)} MB (${m.baseMb.toFixed(0)} MB before)  ${(m.bytes / 1e6).toFixed(0)} MB written`);
      }
    }
    console.log(`\nmedians over ${args.runs} runs, ${Number(args.rows).toLocaleString("en")} log rows:`);
    for (const format of formats) {
      const mine = results.filter((r) => r.format === format);
      const rate = Number(args.rows) / median(mine.map((r) => r.seconds));
      console.log(`${format.padEnd(9)} ${median(mine.map((r) => r.seconds)).toFixed(2)} s (${Math.round(rate).toLocaleString("en")} rows/s), peak RSS ${median(mine.map((r) => r.peakMb)).toFixed(0)} MB (${median(mine.map((r) => r.baseMb)).toFixed(0)} MB before the export)`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
