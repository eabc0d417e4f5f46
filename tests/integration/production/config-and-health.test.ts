import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ROOT, TEST_BUILD_DIR, TEST_SERVER, TMP } from "../../helpers/paths";
import { DATABASE_PREFIX, postgresUrl, psql, TEST_ENGINE } from "../../helpers/engine";
import { freshSqliteUrl, startServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { eventually } from "../../helpers/sockets";

// Configuration, health and logs as an operator meets them: a bad variable stops the start
// with one line naming it; .env is read by the server and the CLI alike; readiness says
// whether to send participants; logs are JSON lines with time, level and request id.

const TEST_CLI = path.join(path.dirname(TEST_SERVER), path.basename(TEST_SERVER).replace(/server/, "cli"));

function runServer(env: Record<string, string>, cwd = ROOT) {
  return spawnSync(process.execPath, [TEST_SERVER], {
    cwd,
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATABASE_URL: freshSqliteUrl(), SPROUT_BUILD_DIR: TEST_BUILD_DIR, ...env },
  });
}

test.each([
  ["PORT", "eighty", /^Sprout cannot start: PORT="eighty" must be a whole number from 0 to 65535$/],
  ["DATABASE_URL", "mysql://db/sprout", /^Sprout cannot start: DATABASE_URL="mysql:\/\/db\/sprout" must be a SQLite file URL \(file:path\) or a PostgreSQL URL/],
  ["LOG_LEVEL", "loud", /^Sprout cannot start: LOG_LEVEL="loud" must be one of fatal, error, warn, info, debug, trace, silent$/],
  ["SPROUT_SHUTDOWN_TIMEOUT_MS", "-5", /^Sprout cannot start: SPROUT_SHUTDOWN_TIMEOUT_MS="-5" must be at least 0$/],
  ["SPROUT_PARTICIPANT_CONCURRENCY", "0", /^Sprout cannot start: SPROUT_PARTICIPANT_CONCURRENCY="0" must be at least 1$/],
  ["SPROUT_MIGRATE_AT_START", "maybe", /^Sprout cannot start: SPROUT_MIGRATE_AT_START="maybe" must be true or false$/],
  ["NEXTAUTH_URL", "study.example.org", /^Sprout cannot start: NEXTAUTH_URL="study.example.org" must be an http\(s\) URL/],
  ["TRUST_PROXY", "true", /^Sprout cannot start: TRUST_PROXY="true" must be a whole number from 0 to 10$/],
])("a bad %s=%s stops the server and the CLI with one line naming it", (name, value, line) => {
  const server = runServer({ [name]: value });
  expect(server.status).toBe(1);
  expect(server.stdout).toBe("");
  expect(server.stderr.trim()).toMatch(line);
  expect(server.stderr.trim().split("\n")).toHaveLength(1);
  const cli = spawnSync(process.execPath, [TEST_CLI, "migrate"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: freshSqliteUrl(), [name]: value } });
  expect([cli.status, cli.stderr.trim()]).toEqual([1, expect.stringMatching(line)]);
});

test("a .env file in the working folder is read by the CLI and the server alike (the environment wins over it)", async () => {
  fs.mkdirSync(TMP, { recursive: true });
  const dir = fs.mkdtempSync(path.join(TMP, "dotenv-"));
  // The server runs from `dir`: it needs the build, the config and the migrations there.
  for (const name of [TEST_BUILD_DIR, "next.config.ts", "package.json", "prisma", "node_modules"]) fs.symlinkSync(path.join(ROOT, name), path.join(dir, name));
  const sqlite = path.join(dir, "from-dotenv.sqlite3");
  fs.writeFileSync(path.join(dir, ".env"), `DATABASE_URL=file:${sqlite}\nSPROUT_ONLINE_WINDOW_MS=7000\nPORT=1\n`);
  const env = { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", SPROUT_BUILD_DIR: TEST_BUILD_DIR } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;

  const cli = spawnSync(process.execPath, [TEST_CLI, "migrate"], { cwd: dir, encoding: "utf8", env });
  expect(cli.stdout).toContain(`Applied 8 migration(s) to ${sqlite}`.replace("8", String(fs.readdirSync(path.join(ROOT, "prisma/migrations")).filter((f) => /^\d/.test(f)).length)));

  const child = spawn(process.execPath, [TEST_SERVER], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  try {
    await eventually(() => /Sprout is running at/.test(output) || child.exitCode !== null, 30_000);
    expect(output).toContain(`Database: ${sqlite}`);
    // PORT=0 from the environment won over the file's PORT=1.
    expect(output).toMatch(/Sprout is running at http:\/\/127\.0\.0\.1:(?!1\/)\d+\//);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test("readiness fails on an unmigrated database (the server waits for it) and passes once it is migrated; liveness answers throughout", async () => {
  // A new SQLite file, or an empty PostgreSQL database (the suite's fresh ones come migrated).
  const url = TEST_ENGINE === "postgresql" ? emptyPostgresDatabase() : freshSqliteUrl();
  const child = spawn(process.execPath, [TEST_SERVER], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATABASE_URL: url, SPROUT_BUILD_DIR: TEST_BUILD_DIR, SPROUT_MIGRATE_AT_START: "false", LOG_FORMAT: "json" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  try {
    await eventually(() => /Waiting for the database to be migrated/.test(output), 30_000);
    const base = /"url":"(http:\/\/[^"]+?)\/?","msg":"listening/.exec(output)![1];
    expect((await fetch(`${base}/api/health/live/`)).status).toBe(200);
    const notReady = await fetch(`${base}/api/health/ready/`);
    expect(notReady.status).toBe(503);
    const body = (await notReady.json()) as { ready: boolean; checks: Record<string, string> };
    expect(body.ready).toBe(false);
    expect(body.checks.migrations).toMatch(/pending .*npm run sprout -- migrate/);
    expect((await fetch(`${base}/admin/login/`)).status).toBe(503); // "starting": nothing is served yet

    const migrate = spawnSync(process.execPath, [TEST_CLI, "migrate"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: url } });
    expect(migrate.status).toBe(0);
    await eventually(async () => (await fetch(`${base}/api/health/ready/`)).status === 200, 30_000);
    expect(await (await fetch(`${base}/api/health/`)).json()).toEqual({ ready: true, checks: { database: "ok", migrations: "ok", sweeper: "ok", shutdown: "ok" } });
    expect((await fetch(`${base}/admin/login/`)).status).toBe(200);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}, 90_000);

test("logs are JSON lines with time, level and request id: one access line per request, hook errors with app and hook", async () => {
  const server = await startServer({ env: { LOG_FORMAT: "json" } });
  try {
    const res = await fetch(`${server.url}/api/health/ready/`, { headers: { "x-request-id": "probe-42" } });
    expect(res.headers.get("x-request-id")).toBe("probe-42");
    await eventually(() => server.output().includes('"reqId":"probe-42"'));
    const lines = server.output().split("\n").filter((l) => l.startsWith("{"));
    const access = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.reqId === "probe-42")!;
    expect(access).toMatchObject({ level: 30, msg: "request", method: "GET", url: "/api/health/ready/", status: 200 });
    expect(new Date(access.time as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(typeof access.ms).toBe("number");

    // A hook that throws: logged with where it ran, and the request it ran in.
    const s = await newSession(server, "basics", 1, { settings: { failStart: "1" } });
    await fetch(`${s.urls[0]}submit/`, { method: "POST", body: new URLSearchParams({ _position: "-1" }), redirect: "manual" });
    await eventually(() => server.output().includes('"hook":"newPlayer"'));
    const hookLine = JSON.parse(server.output().split("\n").find((l) => l.includes('"hook":"newPlayer"'))!) as Record<string, unknown>;
    expect(hookLine).toMatchObject({ level: 50, app: "basics", hook: "newPlayer", reqId: expect.any(String) });
    expect(hookLine.msg).toMatch(/newPlayer of basics failed: start refused by the fixture/);
  } finally {
    await server.stop();
  }
});

function emptyPostgresDatabase(): string {
  const name = `${DATABASE_PREFIX}empty_${crypto.randomBytes(4).toString("hex")}`;
  psql(`CREATE DATABASE "${name}"`);
  return postgresUrl(name);
}
