import { spawnSync } from "node:child_process";
import { ROOT, TEST_BUILD_DIR, TEST_SERVER } from "../../helpers/paths";
import { freshSqliteUrl } from "../../helpers/server";

// `npm run sprout -- test CONFIG` end to end: it starts a throwaway server (here the suite's
// build of the fixture project, so no production build is made) and database (its own, not
// the DATABASE_URL it was given), prints a line
// per case and the count, and exits 1 on a failure, 2 on a mistake in the command.

function sproutTest(...args: string[]) {
  const run = spawnSync("node_modules/.bin/tsx", ["--conditions=sprout-test", "lib/cli/main.ts", "test", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, SPROUT_TEST_SERVER_BUNDLE: TEST_SERVER, SPROUT_BUILD_DIR: TEST_BUILD_DIR, DATABASE_URL: freshSqliteUrl() },
    timeout: 120_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("a passing config: a line per case, the count, exit 0", () => {
  const run = sproutTest("prisoners_dilemma");
  expect(run.stdout).toMatch(/^Bot tests of prisoners_dilemma:\n✓ prisoners_dilemma: both cooperate \(2 players, [\d.]+ s\)\n✓ prisoners_dilemma: a defector against a cooperator \(2 players, [\d.]+ s\)\n2 passed, 0 failed\n$/);
  expect(run.status).toBe(0);
});

test("a failing case: why, the server's error, exit 1; --case and -n pick what runs", () => {
  const run = sproutTest("flawed", "--case", "crashing hook", "-n", "2");
  expect(run.stdout).toContain("✗ flawed: crashing hook (2 players,");
  expect(run.stdout).toContain("flawed/Pick failed on the server");
  expect(run.stdout).toContain("The server's errors:");
  expect(run.stdout).toContain("the hook crashed on purpose");
  expect(run.stdout).toMatch(/\n0 passed, 1 failed\n$/);
  expect(run.status).toBe(1);
});

test.each([
  [["nope"], 'Unknown config "nope"'],
  [["flawed", "--case", "nope"], 'Config "flawed" has no bot test "nope"'],
  [["flawed", "-n", "0"], '-n takes a number of players from 1 to 9999, not "0"'],
  [[], "usage: npm run sprout -- test CONFIG"],
  [["flawed", "--bogus"], "Unknown option '--bogus'"],
])("a mistake in the command (%j) is one line and exit 2, before any server starts", (args, message) => {
  const run = sproutTest(...args);
  expect(run.stderr).toContain(message);
  expect(run.stdout).toBe("");
  expect(run.status).toBe(2);
});
