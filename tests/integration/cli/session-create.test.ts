import { spawnSync } from "node:child_process";
import { getPage } from "../../helpers/participant";
import { ROOT } from "../../helpers/paths";
import { startServer, type RunningServer } from "../../helpers/server";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

/** `npm run sprout -- …` as a researcher runs it, on the fixture project and the server's database. */
function sprout(...args: string[]) {
  return sproutWith("sprout-test", ...args);
}

function sproutWith(condition: string, ...args: string[]) {
  const run = spawnSync("node_modules/.bin/tsx", [`--conditions=${condition}`, "lib/cli/main.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: server.databaseUrl },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("session create prints one working URL per player", async () => {
  const run = sprout("session", "create", "basics", "--players", "3", "--base-url", server.url);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  const urls = run.stdout.match(/^http:\/\/\S+$/gm) ?? [];
  expect(urls).toHaveLength(3);
  expect(run.stdout).toMatch(/^Session \S+ \(basics, 3 players\):$/m);
  for (const url of urls) {
    const page = await getPage(url);
    expect([page.status, page.title]).toEqual([200, "Welcome"]);
  }
});

test("session create takes a name and settings", async () => {
  const run = sprout("session", "create", "basics", "--players", "1", "--name", "cli-made", "--settings", '{"greeting":"ahoy"}', "--base-url", server.url);
  expect(run.status).toBe(0);
  const session = await server.db.session.findUniqueOrThrow({ where: { name: "cli-made" } });
  expect(JSON.parse(session.settings)).toEqual({ greeting: "ahoy" });
});

test.each([
  [["session", "create", "nope", "--players", "1"], 'Unknown config "nope"'],
  [["session", "create", "basics", "--players", "two"], '--players must be a whole number, not "two"'],
  [["session", "create", "basics", "--players", "0"], "A session needs at least 1 player"],
  [["session", "create", "basics", "--players", "1", "--settings", "[1]"], "Settings must be a JSON object"],
  [["session", "create", "basics"], "usage:"],
  [["launch"], "usage:"],
  [["session", "create", "basics", "--players", "1", "--bogus"], "Unknown option '--bogus'"],
  [["dump", "--nope"], "Unknown option '--nope'"],
])("%j is refused with a message and exit code 2, creating nothing", async (args, message) => {
  const before = await server.db.session.count();
  const run = sprout(...args);
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(message);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(await server.db.session.count()).toBe(before);
});

test.each([[["--help"]], [["-h"]], [[]], [["session", "create", "--help"]], [["hash-password", "--help"]], [["dump", "--help"]], [["restore", "-h"]], [["migrate", "--help"]]])("%j prints the usage and succeeds", (args) => {
  const run = sprout(...args);
  expect([run.status, run.stderr]).toEqual([0, ""]);
  expect(run.stdout).toMatch(/^usage:\n {2}npm run sprout -- session create <config>/);
});

test("a mistake in an app stops it with one line naming the app, page and field", async () => {
  const run = sproutWith("sprout-broken", "session", "create", "broken", "--players", "1");
  expect(run.status).toBe(1);
  expect(run.stderr.trim()).toBe('Sprout cannot load the project: App "broken", page "Ask", field "answer": unknown option maxx for an integer field');
});
