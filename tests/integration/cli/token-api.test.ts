import { spawn } from "node:child_process";
import { ROOT } from "../../helpers/paths";
import { startServer, type RunningServer } from "../../helpers/server";

// The token commands on the server's database, and the api command against the running server.

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

/** `npm run sprout -- …` (asynchronous: the api command talks to the server this process started). */
function sprout(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("node_modules/.bin/tsx", ["--conditions=sprout-test", "lib/cli/main.ts", ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: server.databaseUrl, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

let full = "";
let read = "";

test("token create prints the token once (and only the token on stdout); list shows it; names are not reused", async () => {
  const made = await sprout(["token", "create", "cli-full"]);
  expect(made.status).toBe(0);
  full = made.stdout.trim();
  expect(full).toMatch(/^sprout_[\w-]{43}$/);
  expect(made.stderr).toMatch(/full access/);
  const ro = await sprout(["token", "create", "cli-read", "--read-only"]);
  read = ro.stdout.trim();
  const list = await sprout(["token", "list"]);
  expect(list.stdout).toMatch(/^cli-read\tread\t.*last used never$/m);
  expect(list.stdout).toMatch(/^cli-full\tfull\t/m);
  expect(list.stdout).not.toContain(full);
  const again = await sprout(["token", "create", "cli-full"]);
  expect([again.status, again.stderr.trim()]).toEqual([2, expect.stringMatching(/exists or existed/)]);
});

test("api calls the API with SPROUT_API_TOKEN and prints its JSON; an error status exits 1", async () => {
  const base = ["api", "-u", server.url];
  const configs = await sprout([...base, "configs"], { SPROUT_API_TOKEN: full });
  expect(configs.status).toBe(0);
  expect(JSON.parse(configs.stdout).configs.length).toBeGreaterThan(0);
  const made = await sprout([...base, "-X", "POST", "-d", '{"config": "basics", "players": 2, "name": "from-cli"}', "/admin/api/v1/sessions/"], { SPROUT_API_TOKEN: full });
  expect([made.status, JSON.parse(made.stdout).name]).toEqual([0, "from-cli"]);
  const csv = await sprout([...base, "sessions/from-cli/data/export/wide.csv"], { SPROUT_API_TOKEN: read });
  expect([csv.status, csv.stdout.split("\n")[0]]).toEqual([0, expect.stringMatching(/^session,player/)]);
  const refused = await sprout([...base, "-X", "POST", "-d", '{"players": ["x"]}', "sessions/from-cli/players/advance"], { SPROUT_API_TOKEN: read });
  expect([refused.status, JSON.parse(refused.stdout).error]).toEqual([1, expect.stringMatching(/read-only/)]);
  expect((await sprout([...base, "sessions/ghost"], { SPROUT_API_TOKEN: full })).status).toBe(1);
});

test("token revoke stops the token at once", async () => {
  expect((await sprout(["token", "revoke", "cli-read"])).status).toBe(0);
  const refused = await sprout(["api", "-u", server.url, "configs"], { SPROUT_API_TOKEN: read });
  expect(refused.status).toBe(1);
  expect(JSON.parse(refused.stdout).error).toMatch(/not valid/);
});

test.each([
  [["token"], /token takes create, revoke or list/],
  [["token", "create"], /token create takes one NAME/],
  [["token", "create", "a", "b"], /token create takes one NAME/],
  [["token", "create", "bad/name"], /A token name uses/],
  [["token", "revoke", "nobody"], /There is no token "nobody"/],
  [["token", "revoke", "x", "--read-only"], /--read-only is for token create/],
  [["token", "list", "x"], /token list takes no arguments/],
  [["api"], /api takes one ENDPOINT/],
  [["api", "-X", "FETCH", "configs"], /-X takes GET/],
  [["api", "-d", "{nope", "configs"], /-d is not valid JSON/],
  [["api", "-u", "ftp://x", "configs"], /-u takes the server's address/],
])("%j is refused in one line with exit code 2", async (args, message) => {
  const run = await sprout(args, { SPROUT_API_TOKEN: "sprout_x" });
  expect(run.status).toBe(2);
  expect(run.stderr.trim()).toMatch(message);
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
});

test("api without SPROUT_API_TOKEN says so; --help prints the usage with the new commands and succeeds", async () => {
  const env = { ...process.env };
  delete env.SPROUT_API_TOKEN;
  const missing = await sprout(["api", "configs"], { SPROUT_API_TOKEN: "" });
  expect([missing.status, missing.stderr.trim()]).toEqual([2, expect.stringMatching(/Set SPROUT_API_TOKEN/)]);
  for (const args of [["--help"], ["token", "--help"], ["api", "--help"]]) {
    const help = await sprout(args);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("token create NAME [--read-only]");
    expect(help.stdout).toContain("api [-u URL] [-X METHOD] [-d JSON] ENDPOINT");
  }
});
