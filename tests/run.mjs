// `npm test`: runs Jest, then prints the plain closing line CI reads ("N passed, N failed").
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const summaryFile = new URL(".tmp/summary.json", import.meta.url);
const browserSkipFile = new URL(".tmp/browser-skipped", import.meta.url);
fs.rmSync(summaryFile, { force: true });
fs.rmSync(browserSkipFile, { force: true });
fs.rmSync(new URL(".tmp/screenshots", import.meta.url), { recursive: true, force: true });

const jest = spawnSync(process.execPath, ["node_modules/jest/bin/jest.js", ...process.argv.slice(2)], { stdio: "inherit" });

if (fs.existsSync(browserSkipFile)) {
  console.error(`\n*** Browser tests were SKIPPED: ${fs.readFileSync(browserSkipFile, "utf8")}`);
}
if (!fs.existsSync(summaryFile)) {
  console.log("\n0 passed, 1 failed (Jest stopped before running the tests)");
  process.exit(jest.status || 1);
}
const { passed, failed, skipped } = JSON.parse(fs.readFileSync(summaryFile, "utf8"));
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(jest.status ?? 1);
