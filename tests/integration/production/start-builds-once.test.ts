import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { TEST_ENGINE } from "../../helpers/engine";
import { ROOT, TMP } from "../../helpers/paths";

// `npm start` in a copy of the checkout, as a researcher runs it: the first start builds, the
// second serves the same build at once, and an edited experiment is rebuilt and served.
// Engine-independent (and two full builds long), so it runs in the SQLite pass only.
const onSqlite = TEST_ENGINE === "sqlite" ? test : test.skip;

/** The checkout's files (committed or not, ignored ones left out), the generated clients and node_modules (hard links). */
function copyCheckout(to: string) {
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of files) {
    if (!fs.existsSync(path.join(ROOT, file))) continue; // deleted, not yet committed
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(to, file));
  }
  for (const generated of ["lib/store/generated", "lib/store/generated-pg"]) fs.cpSync(path.join(ROOT, generated), path.join(to, generated), { recursive: true });
  execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(to, "node_modules")]);
}

/** The environment of a researcher's shell: none of the test build's settings. */
function researcherEnv(dir: string): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, HOST: "127.0.0.1", PORT: "0", DATABASE_URL: `file:${path.join(dir, "data/sprout.sqlite3")}`, NEXT_TELEMETRY_DISABLED: "1" };
  for (const name of ["SPROUT_BUILD_DIR", "SPROUT_SERVER_OUT", "SPROUT_PROJECT", "SPROUT_CONDITIONS", "NODE_ENV"]) delete env[name];
  return env as NodeJS.ProcessEnv;
}

/** Runs `npm start` until it serves; returns its output so far, its address, how long it took, and a stop. */
async function npmStart(dir: string) {
  const started = Date.now();
  const child = spawn("npm", ["start"], { cwd: dir, env: researcherEnv(dir), stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Sprout is running at (http:\/\/\S+?)\/?\s/.exec(output);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  const seconds = (Date.now() - started) / 1000;
  const stop = async () => {
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid!, "SIGTERM"); // npm and the server under it
    await exited;
  };
  return { url, seconds, output: () => output, stop };
}

async function participantSees(dir: string, base: string): Promise<string> {
  const created = spawnSync(process.execPath, ["scripts/sprout.mjs", "session", "create", "hello", "--players", "1", "--base-url", base], { cwd: dir, env: researcherEnv(dir), encoding: "utf8" });
  expect(created.stderr).toBe("");
  const link = created.stdout.trim().split("\n").pop()!;
  expect((await fetch(`${link}submit/`, { method: "POST", body: new URLSearchParams({ _position: "-1" }), redirect: "manual" })).status).toBe(303);
  return (await fetch(link)).text();
}

onSqlite("npm start builds once, serves the same build again without building, and rebuilds after an experiment is edited", async () => {
  fs.mkdirSync(TMP, { recursive: true });
  const dir = fs.mkdtempSync(path.join(TMP, "start-"));
  try {
    copyCheckout(dir);

    const first = await npmStart(dir);
    expect(first.output()).toMatch(/Building \(the build is missing/);
    expect(await participantSees(dir, first.url)).toContain("Welcome! This short study takes about a minute.");
    await first.stop();

    const second = await npmStart(dir);
    expect(second.output()).toMatch(/is up to date: starting it/);
    expect(second.output()).not.toMatch(/Building/);
    console.log(`npm start: ${first.seconds.toFixed(1)} s with a build, ${second.seconds.toFixed(1)} s without`);
    await second.stop();

    const page = path.join(dir, "experiments/hello/index.tsx");
    fs.writeFileSync(page, fs.readFileSync(page, "utf8").replace("Welcome! This short study", "Hello again! This edited study"));
    const third = await npmStart(dir);
    expect(third.output()).toMatch(/Building/);
    expect(await participantSees(dir, third.url)).toContain("Hello again! This edited study takes about a minute.");
    await third.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 900_000); // two cold builds: minutes on a busy 2-core machine (the time is not what this test checks)
