import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createDb } from "@/lib/store/db";
import { DATABASE_PREFIX, postgresUrl, psql, TEST_ENGINE } from "../../helpers/engine";
import { getPage, postForm, submitCurrent } from "../../helpers/participant";
import { ROOT, TEST_BUILD_DIR, TEST_SERVER, TMP } from "../../helpers/paths";
import { freePort } from "../../helpers/ports";
import { copyParts, envPairs, execForm, healthcheckCommand, parseDockerfile, type Instruction } from "./dockerfile";

// The container image, tested without a Docker engine (none runs on these machines): the
// Dockerfile's final stage is read and performed here, in a folder under tests/.tmp standing
// for the image's root. Its COPY --from=build lines copy from a stand-in of the build stage
// (this checkout after the test build, then the Dockerfile's own RUN lines after its build:
// the prune to production dependencies), its ENV lines become the environment, its RUN lines are performed, its CMD starts the
// server (as an unprivileged user when the test runs as root) and its HEALTHCHECK says when it
// is ready. Then a participant plays a page of a session made with the image's CLI.
// PostgreSQL pass only: that is what the compose file runs, and one pass is enough.
const describeOnPostgres = TEST_ENGINE === "postgresql" ? describe : describe.skip;

const stages = parseDockerfile(path.join(ROOT, "Dockerfile"));
const buildStage = stages.find((s) => s.name === "build");
const finalStage = stages.at(-1)!;
const of = (instructions: Instruction[], keyword: string) => instructions.filter((i) => i.keyword === keyword);
const last = (keyword: string) => of(finalStage.instructions, keyword).at(-1);

/** `npm run build` names its CLI bundle after the server bundle (scripts/build-stamp.mjs). */
const TEST_CLI = path.join(path.dirname(TEST_SERVER), path.basename(TEST_SERVER).replace(/server/, "cli"));
/** The image's `node` user, played by `nobody` when the test runs as root (else by the test's own user). */
const AS_ROOT = process.getuid?.() === 0;
const RUN_AS = AS_ROOT ? { uid: 65534, gid: 65534 } : { uid: process.getuid!(), gid: process.getgid!() };
/** The environment without what `npm test` adds (npm_config_* would steer the nested npm). */
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("npm_"))) as NodeJS.ProcessEnv;

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv = cleanEnv()) {
  const run = spawnSync("sh", ["-c", command], { cwd, env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${command} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** Copies a file, or a folder's contents as hard links (fast; nothing here writes into a linked file). */
function linkCopy(from: string, to: string) {
  if (fs.statSync(from).isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    sh(`cp -al ${JSON.stringify(`${from}/.`)} ${JSON.stringify(to)}`, ROOT);
  } else {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
}

/**
 * The build stage's WORKDIR after its last RUN: this checkout after the test build, except
 * what that stage changes. The test build is the Dockerfile's `npm run build` with the fixtures
 * project, under test names (SPROUT_TEST_BUILD_DIR, SPROUT_TEST_SERVER) so it never clashes
 * with `npm start`'s: its Next folder becomes `.next` and its bundles `dist/server.js` and
 * `dist/cli.js` (source maps kept under the names the bundles point at). next.config.ts reads
 * the build folder from SPROUT_BUILD_DIR, unset in the image, so the server finds `.next` as in
 * a real image. node_modules is a hard-linked copy of the checkout's. Then the RUN lines that
 * follow `npm run build` in the Dockerfile run verbatim there: the prune to production
 * dependencies (offline, no compiler) and the clean-up.
 */
function makeBuildStage(dir: string): { afterBuildMs: number } {
  for (const file of ["package.json", "package-lock.json"]) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  linkCopy(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  // npm rewrites its record of the tree in place: a linked one would change the checkout's.
  fs.rmSync(path.join(dir, "node_modules/.package-lock.json"), { force: true });
  fs.copyFileSync(path.join(ROOT, "node_modules/.package-lock.json"), path.join(dir, "node_modules/.package-lock.json"));
  linkCopy(path.join(ROOT, TEST_BUILD_DIR), path.join(dir, ".next"));
  for (const [bundle, name] of [[TEST_SERVER, "server.js"], [TEST_CLI, "cli.js"]] as const) {
    if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: the test build (tests/helpers/global-setup.ts) makes it`);
    fs.mkdirSync(path.join(dir, "dist"), { recursive: true });
    fs.copyFileSync(bundle, path.join(dir, "dist", name));
    fs.copyFileSync(`${bundle}.map`, path.join(dir, "dist", `${path.basename(bundle)}.map`));
  }

  const runs = of(buildStage!.instructions, "RUN");
  const build = runs.findIndex((i) => /^npm run build$/.test(i.args));
  if (build < 0) throw new Error("the build stage has no `RUN npm run build` line");
  if (!runs.slice(build + 1).some((i) => /\bnpm prune\b/.test(i.args))) throw new Error("the build stage does not prune after `npm run build`");
  const started = Date.now();
  for (const run of runs.slice(build + 1)) sh(run.args, dir);
  return { afterBuildMs: Date.now() - started };
}

interface Image {
  /** the folder standing for the image's root */
  root: string;
  /** WORKDIR, inside root */
  workdir: string;
  env: Record<string, string>;
  user: string;
  cmd: string[] | null;
  healthcheck: string[] | null;
  expose: string[];
  volumes: string[];
  /** RUN chown targets (in the image) and the owner named */
  chowned: { owner: string; target: string }[];
}

/** Performs the final stage's instructions in `root`, copying --from=build out of `buildDir`. */
function performFinalStage(root: string, buildDir: string): Image {
  const buildWorkdir = of(buildStage!.instructions, "WORKDIR").at(-1)?.args ?? "/";
  const fromBuild = (src: string) => {
    const rel = path.posix.relative(buildWorkdir, path.posix.resolve(buildWorkdir, src));
    if (rel.startsWith("..")) throw new Error(`COPY --from=build ${src}: outside the build stage's WORKDIR, which this test stands in for`);
    const changed = path.join(buildDir, rel);
    return fs.existsSync(changed) ? changed : path.join(ROOT, rel);
  };
  let workdir = "/";
  const inImage = (p: string) => path.join(root, path.posix.resolve(workdir, p));
  const image: Image = { root, workdir: root, env: {}, user: "root", cmd: null, healthcheck: null, expose: [], volumes: [], chowned: [] };
  for (const ins of finalStage.instructions) {
    switch (ins.keyword) {
      case "WORKDIR":
        workdir = path.posix.resolve(workdir, ins.args);
        image.workdir = inImage(".");
        fs.mkdirSync(image.workdir, { recursive: true });
        break;
      case "ENV":
        for (const [k, v] of envPairs(ins.args)) image.env[k] = v;
        break;
      case "COPY": {
        const { from, sources, dest } = copyParts(ins);
        if (from !== "build") throw new Error(`line ${ins.line}: the final stage copies only from the build stage`);
        const intoFolder = sources.length > 1 || dest.endsWith("/");
        for (const src of sources) linkCopy(fromBuild(src), intoFolder ? path.join(inImage(dest), path.posix.basename(src)) : inImage(dest));
        break;
      }
      case "RUN":
        for (const step of ins.args.split("&&").map((s) => s.trim().split(/\s+/))) {
          const [command, ...args] = step;
          const operands = args.filter((a) => !a.startsWith("-"));
          if (command === "mkdir") for (const d of operands) fs.mkdirSync(inImage(d), { recursive: true });
          else if (command === "chown") {
            const [owner, ...targets] = operands;
            for (const t of targets) {
              image.chowned.push({ owner: owner!, target: path.posix.resolve(workdir, t) });
              if (AS_ROOT) fs.chownSync(inImage(t), RUN_AS.uid, RUN_AS.gid);
            }
          } else throw new Error(`line ${ins.line}: the final stage runs \`${command}\`: teach this test to perform it`);
        }
        break;
      case "VOLUME":
        image.volumes.push(...(execForm(ins.args) ?? ins.args.split(/\s+/)));
        break;
      case "USER":
        image.user = ins.args;
        break;
      case "EXPOSE":
        image.expose.push(...ins.args.split(/\s+/));
        break;
      case "HEALTHCHECK":
        image.healthcheck = healthcheckCommand(ins);
        break;
      case "CMD":
        image.cmd = execForm(ins.args);
        break;
      default:
        throw new Error(`line ${ins.line}: ${ins.keyword} in the final stage: teach this test to perform it`);
    }
  }
  return image;
}

/** A command as the image runs it (as its user, in WORKDIR, with its environment); "node" is this Node. */
function runInImage(image: Image, command: string[], env: Record<string, string>, stdio: "pipe" | "ignore" = "pipe"): ChildProcess {
  const [program, ...args] = command;
  return spawn(program === "node" ? process.execPath : program!, args, { cwd: image.workdir, env: env as NodeJS.ProcessEnv, ...(AS_ROOT ? RUN_AS : {}), stdio: ["ignore", stdio, stdio] });
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

interface Container {
  port: number;
  env: Record<string, string>;
  output: () => string;
  msToReady: number;
  stop: () => Promise<number | null>;
}

/** `docker run` of the image: its CMD with its ENV plus `extra`, then its HEALTHCHECK until it passes. */
async function startContainer(image: Image, extra: Record<string, string>): Promise<Container> {
  // Each container has its own network; here they share one, so PORT is set as `-p` would map it.
  const port = await freePort();
  const home = path.join(image.root, "home/node");
  fs.mkdirSync(home, { recursive: true });
  if (AS_ROOT) fs.chownSync(home, RUN_AS.uid, RUN_AS.gid);
  const env = { PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin", HOME: home, ...image.env, PORT: String(port), ...extra };
  const started = Date.now();
  const child = runInImage(image, image.cmd!, env);
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = exitOf(child);
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the server exited with ${exitCode} before it was ready:\n${output}`);
    if ((await exitOf(runInImage(image, image.healthcheck!, env, "ignore"))) === 0) break;
    if (Date.now() - started > 30_000) throw new Error(`the HEALTHCHECK did not pass within 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const msToReady = Date.now() - started;
  const stop = async () => {
    if (exitCode !== undefined) return exitCode;
    child.kill("SIGTERM"); // `docker stop`: the CMD is in exec form, so Node gets the signal itself
    return exited;
  };
  return { port, env, output: () => output, msToReady, stop };
}

describeOnPostgres("the container image, performed from the Dockerfile", () => {
  let dir: string;
  let image: Image;
  const containers: Container[] = [];
  const databaseName = `${DATABASE_PREFIX}image_${crypto.randomBytes(4).toString("hex")}`;

  beforeAll(() => {
    fs.mkdirSync(TMP, { recursive: true });
    dir = fs.mkdtempSync(path.join(TMP, "image-"));
    fs.chmodSync(dir, 0o755); // the unprivileged user must reach the image's files
    const t0 = Date.now();
    fs.mkdirSync(path.join(dir, "build"));
    const { afterBuildMs } = makeBuildStage(path.join(dir, "build"));
    const t1 = Date.now();
    image = performFinalStage(path.join(dir, "root"), path.join(dir, "build"));
    console.log(
      `container image: build stand-in ${t1 - t0} ms (the Dockerfile's RUN lines after the build, its prune among them: ${afterBuildMs} ms), final stage performed in ${Date.now() - t1} ms; running as uid ${RUN_AS.uid}`,
    );
    // An empty database: the server must migrate it at start, from the migrations it was given.
    psql(`CREATE DATABASE "${databaseName}"`);
  });
  afterAll(async () => {
    for (const c of containers) await c.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("it builds in one stage and runs in another, as an unprivileged user, with an exec-form CMD and a readiness HEALTHCHECK", () => {
    expect(buildStage).toBeDefined();
    expect(finalStage).not.toBe(buildStage);
    // Compilers are installed in the build stage only; the final stage starts from a plain image
    // (not FROM build), installs nothing and copies only the build's /app outputs.
    expect(of(buildStage!.instructions, "RUN").some((i) => /\bg\+\+/.test(i.args))).toBe(true);
    expect(stages.map((s) => s.name)).not.toContain(finalStage.image);
    expect(of(finalStage.instructions, "RUN").map((i) => i.args).join("\n")).not.toMatch(/apt-get|apk|g\+\+|\bmake\b|python|npm|node-gyp/);
    for (const copy of of(finalStage.instructions, "COPY")) expect(copyParts(copy).from).toBe("build");
    // `npm ci` fails on a lockfile written on one platform (STACK.md).
    expect(of(buildStage!.instructions, "RUN").some((i) => /\bnpm install\b/.test(i.args) && !/\bnpm ci\b/.test(i.args))).toBe(true);

    expect(image.user).toMatch(/^(?!root$|0$|0:)\S+$/);
    expect(image.cmd).toEqual(["node", "dist/server.js"]);
    expect(execForm(last("CMD")!.args)).not.toBeNull();
    expect(image.healthcheck?.join(" ")).toContain("/api/health/ready/");
    expect(image.env).toMatchObject({ NODE_ENV: "production", HOST: "0.0.0.0", NEXT_TELEMETRY_DISABLED: "1" });
    expect(image.expose).toEqual([image.env.PORT]);
    // The SQLite default's folder is a volume the server's user owns.
    expect(image.volumes).toEqual(["/app/data"]);
    expect(image.chowned).toContainEqual({ owner: `${image.user}:${image.user}`, target: "/app/data" });
  });

  test("deploy/compose.yaml runs it twice on PostgreSQL behind deploy/nginx.conf, with secrets from outside", () => {
    const compose = fs.readFileSync(path.join(ROOT, "deploy/compose.yaml"), "utf8");
    expect(compose).toMatch(/^ {4}image: postgres:15$/m);
    expect(compose).toMatch(/^ {2}sprout:\n(?: {4}.*\n)*? {6}context: \.\.\n {6}dockerfile: Dockerfile$/m);
    expect(compose).toMatch(/^ {6}replicas: 2$/m);
    expect(compose).toMatch(/^ {4}init: true$/m);
    expect(compose).toContain("./nginx.conf:/etc/nginx/conf.d/default.conf:ro");
    // nginx reaches the instances by the service's name on the image's port.
    expect(fs.readFileSync(path.join(ROOT, "deploy/nginx.conf"), "utf8")).toMatch(new RegExp(`^\\s*server sprout:${image.env.PORT}\\b`, "m"));
    // Secrets are required from deploy/.env or the environment, never written here.
    for (const name of ["POSTGRES_PASSWORD", "NEXTAUTH_SECRET", "SPROUT_ADMIN_PASSWORD_ADMIN"]) expect(compose).toContain(`\${${name}:?`);
    expect(fs.readFileSync(path.join(ROOT, "deploy/env.example"), "utf8")).toMatch(/^POSTGRES_PASSWORD=$/m);
  });

  test("its node_modules holds production dependencies only, and the ones the server needs", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const modules = path.join(image.workdir, "node_modules");
    // Type declarations a production package depends on stay (engine.io needs @types/node): no code.
    const tools = Object.keys(manifest.devDependencies).filter((name) => !name.startsWith("@types/"));
    expect(tools).toEqual(expect.arrayContaining(["jest", "typescript", "esbuild", "tsx", "prisma"]));
    expect(tools.filter((name) => fs.existsSync(path.join(modules, name)))).toEqual([]);
    expect(fs.existsSync(path.join(modules, ".bin/jest"))).toBe(false);
    for (const name of Object.keys(manifest.dependencies)) expect([name, fs.existsSync(path.join(modules, name, "package.json"))]).toEqual([name, true]);
    // better-sqlite3 compiled in the build stage, copied with it.
    expect(fs.existsSync(path.join(modules, "better-sqlite3/build/Release/better_sqlite3.node"))).toBe(true);
  });

  test("its server migrates an empty PostgreSQL database, passes the HEALTHCHECK, and a participant plays a page", async () => {
    const databaseUrl = postgresUrl(databaseName);
    const container = await startContainer(image, { DATABASE_URL: databaseUrl });
    containers.push(container);
    console.log(`container image: ready (HEALTHCHECK passed) ${container.msToReady} ms after the CMD started`);
    const base = `http://127.0.0.1:${container.port}`;
    const live = await fetch(`${base}/api/health/live/`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${base}/api/health/ready/`);
    expect([ready.status, ((await ready.json()) as { ready: boolean }).ready]).toEqual([200, true]);
    const migrations = fs.readdirSync(path.join(image.workdir, "prisma/postgres/migrations"), { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(migrations.length).toBeGreaterThan(0);

    // The researcher's CLI inside the container (`docker compose exec sprout node dist/cli.js ...`).
    const cli = runInImage(image, ["node", "dist/cli.js", "session", "create", "basics", "--players", "1", "--base-url", base], container.env);
    let printed = "";
    cli.stdout!.on("data", (c: Buffer) => (printed += c.toString()));
    cli.stderr!.on("data", (c: Buffer) => (printed += c.toString()));
    expect([await exitOf(cli), printed]).toEqual([0, expect.stringContaining("(basics, 1 players)")]);
    const url = /^http:\/\/\S+$/m.exec(printed)![0];

    expect((await getPage(url)).title).toBe("Welcome");
    const first = await submitCurrent(url);
    expect([first.status, first.path]).toEqual([200, "basics/Intro"]);
    const submitted = await postForm(url, { _position: first.position!, nickname: "container", age: "42", likes: "1", comment: "" });
    expect(submitted.status).toBe(303);
    expect((await getPage(url)).path).toBe("basics/Middle");

    const db = createDb(databaseUrl);
    try {
      expect(await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`)).toEqual([{ n: migrations.length }]);
      const write = await db.fieldWrite.findFirst({ where: { key: "nickname" }, orderBy: { seq: "desc" } });
      expect(write?.value).toBe(JSON.stringify("container"));
    } finally {
      await db.$disconnect();
    }
    // `docker stop`: SIGTERM, and a clean exit; the read-only image files never needed writing.
    expect(await container.stop()).toBe(0);
    if (process.env.DEBUG_CONTAINER) console.log(container.output());
    expect(container.output()).not.toMatch(/EACCES|EPERM|read-only/);
  });

  test("without DATABASE_URL it keeps its SQLite file in the data volume, written as its user", async () => {
    const container = await startContainer(image, {});
    containers.push(container);
    const file = path.join(image.root, image.volumes[0]!, "sprout.sqlite3");
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.statSync(file).uid).toBe(RUN_AS.uid);
    expect(await container.stop()).toBe(0);
  });
});
