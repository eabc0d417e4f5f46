import { spawnSync } from "node:child_process";
import { POSTGRES_SERVER_URL, psql } from "../../helpers/engine";
import { ROOT, TEST_BUILD_DIR, TEST_SERVER } from "../../helpers/paths";
import { freshSqliteUrl } from "../../helpers/server";

// `npm run sprout -- test CONFIG` end to end: it starts a throwaway server (here the suite's
// build of the fixture project, so no production build is made) and database (its own, not
// the DATABASE_URL it was given: a SQLite file, or one on the PostgreSQL server --database names),
// prints a line per case and the count, and exits 1 on a failure, 2 on a mistake in the command.

function sproutTest(...args: string[]) {
  return sproutTestWith({}, ...args);
}

function sproutTestWith(env: Record<string, string>, ...args: string[]) {
  const run = spawnSync("node_modules/.bin/tsx", ["--conditions=sprout-test", "lib/cli/main.ts", "test", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, SPROUT_TEST_DATABASE: "", SPROUT_TEST_SERVER_BUNDLE: TEST_SERVER, SPROUT_BUILD_DIR: TEST_BUILD_DIR, DATABASE_URL: freshSqliteUrl(), ...env },
    timeout: 120_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("a passing config: a line per case, the count, exit 0", () => {
  const run = sproutTest("prisoners_dilemma");
  expect(run.stdout).toMatch(/^Bot tests of prisoners_dilemma \(SQLite\):\n✓ prisoners_dilemma: both cooperate \(2 players, [\d.]+ s\)\n✓ prisoners_dilemma: a defector against a cooperator \(2 players, [\d.]+ s\)\n2 passed, 0 failed\n$/);
  expect(run.status).toBe(0);
});

// The throwaway databases this command makes on the server (it drops each when it ends).
const throwawayDatabases = () => psql(`SELECT datname FROM pg_database WHERE datname LIKE 'sprout\\_test\\_%'`).split("\n").filter(Boolean);

test("--database postgresql://... plays on a database of its own on that server, dropped afterwards; SPROUT_TEST_DATABASE does the same", () => {
  const before = throwawayDatabases();
  const run = sproutTest("prisoners_dilemma", "--database", POSTGRES_SERVER_URL, "--case", "both cooperate");
  expect(run.stdout).toMatch(/^Bot tests of prisoners_dilemma \(PostgreSQL on [^)]+\):\n✓ prisoners_dilemma: both cooperate \(2 players, [\d.]+ s\)\n1 passed, 0 failed\n$/);
  expect(run.status).toBe(0);
  const failing = sproutTestWith({ SPROUT_TEST_DATABASE: POSTGRES_SERVER_URL }, "flawed", "--case", "wrong value");
  expect(failing.stdout).toContain("(PostgreSQL on ");
  expect(failing.stdout).toContain("after the end: expected the word's length to be 7, it is 5");
  expect(failing.status).toBe(1);
  expect(throwawayDatabases()).toEqual(before);
}, 240_000);

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
  [["flawed", "--database", "postgresql://postgres@127.0.0.1:1/"], "--database: cannot make a database on 127.0.0.1:1:"],
  [["flawed", "--database", "mysql://x"], '--database takes "sqlite" or a postgresql:// URL of a server to make a throwaway database on, not "mysql://x"'],
])("a mistake in the command (%j) is one line and exit 2, before any server starts", (args, message) => {
  const run = sproutTest(...args);
  expect(run.stderr).toContain(message);
  expect(run.stdout).toBe("");
  expect(run.status).toBe(2);
});
