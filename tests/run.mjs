// `npm test`: runs the suite on SQLite, then again on PostgreSQL when a server answers at
// SPROUT_TEST_POSTGRES_URL (default: the local one), then prints the plain closing line CI
// reads ("N passed, N failed"). SPROUT_REQUIRE_POSTGRES=1 (CI) makes a missing server a failure.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const summaryFile = new URL(".tmp/summary.json", import.meta.url);
const browserSkipFile = new URL(".tmp/browser-skipped", import.meta.url);
const nginxSkipFile = new URL(".tmp/nginx-skipped", import.meta.url);
const postgresUrl = process.env.SPROUT_TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const args = process.argv.slice(2);
fs.rmSync(new URL(".tmp/screenshots", import.meta.url), { recursive: true, force: true });

/** One Jest run; its counts, or null when Jest stopped before running the tests. */
function runJest(env) {
  fs.rmSync(summaryFile, { force: true });
  const jest = spawnSync(process.execPath, ["node_modules/jest/bin/jest.js", ...args], { stdio: "inherit", env: { ...process.env, ...env } });
  const counts = fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, "utf8")) : null;
  return { status: jest.status ?? 1, counts };
}

const postgresAnswers = () => spawnSync("psql", [postgresUrl, "-qAt", "-c", "SELECT 1"], { encoding: "utf8" }).stdout?.trim() === "1";

fs.rmSync(browserSkipFile, { force: true });
fs.rmSync(nginxSkipFile, { force: true });
const runs = [{ engine: "SQLite", ...runJest({ SPROUT_TEST_ENGINE: "sqlite" }) }];
let postgresMissing = false;
if (process.env.SPROUT_TEST_ENGINES === "sqlite") {
  console.log("\n*** PostgreSQL pass not run (SPROUT_TEST_ENGINES=sqlite)");
} else if (postgresAnswers()) {
  console.log(`\n=== The same suite on PostgreSQL (${postgresUrl.replace(/\/\/[^@/]*@/, "//")}) ===\n`);
  // The build does not depend on the database: the first pass's is reused.
  runs.push({ engine: "PostgreSQL", ...runJest({ SPROUT_TEST_ENGINE: "postgresql", SPROUT_TEST_SKIP_BUILD: "1" }) });
} else {
  postgresMissing = true;
  console.error(`\n*** PostgreSQL was SKIPPED: no server answers at ${postgresUrl} (set SPROUT_TEST_POSTGRES_URL). Only SQLite was tested.`);
}

if (fs.existsSync(browserSkipFile)) console.error(`\n*** Browser tests were SKIPPED: ${fs.readFileSync(browserSkipFile, "utf8")}`);
if (fs.existsSync(nginxSkipFile)) console.error(`\n*** The proxy test (deploy/nginx.conf) was SKIPPED: ${fs.readFileSync(nginxSkipFile, "utf8")}`);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const run of runs) {
  const c = run.counts ?? { passed: 0, failed: 1, skipped: 0 };
  console.log(`${run.engine}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""}${run.counts ? "" : " (Jest stopped before running the tests)"}`);
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped ?? 0;
}
if (postgresMissing && process.env.SPROUT_REQUIRE_POSTGRES === "1") failed += 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || runs.some((r) => r.status !== 0) || (postgresMissing && process.env.SPROUT_REQUIRE_POSTGRES === "1") ? 1 : 0);
