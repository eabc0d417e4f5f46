import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { TEST_ENGINE } from "../../helpers/engine";
import { copyCheckout, researcherEnv } from "../../helpers/checkout-copy";
import { TMP } from "../../helpers/paths";

// `npm start` in a copy of the checkout, as a researcher runs it: the first start builds, the
// second serves the same build at once, and a start after an experiment is edited builds again.
// That third build is stopped once it has begun: it is the same build script the first start ran
// to the end, and a second cold build took the test past 15 minutes on a busy CI machine.
// Engine-independent (and a full build long), so it runs in the SQLite pass only.
const onSqlite = TEST_ENGINE === "sqlite" ? test : test.skip;

/** Runs `npm start` until its output matches `until` (by default: until it serves); returns its output so far, the match, how long it took, and a stop. */
async function npmStart(dir: string, until = /Sprout is running at (http:\/\/\S+?)\/?\s/) {
  const started = Date.now();
  const child = spawn("npm", ["start"], { cwd: dir, env: researcherEnv(dir), stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = until.exec(output);
      if (m) resolve(m[1] ?? m[0]);
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

onSqlite("npm start builds once, serves the same build again without building, and builds again after an experiment is edited", async () => {
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
    const third = await npmStart(dir, /Building \(the build is missing or something it reads changed\)/);
    expect(third.output()).not.toMatch(/is up to date/);
    await third.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 900_000); // a cold build: up to 9 minutes on a busy 2-core CI machine (the time is not what this test checks)
