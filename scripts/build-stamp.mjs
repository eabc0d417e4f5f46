// Whether the last build is current: a hash of every file the build reads, written beside
// the build when it finishes. `npm start` serves at once when the hash still matches, and
// rebuilds when an experiment, the app, the schema, a config file or the lockfile changed.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { codeVersion, filesUnder, projectFolder } from "./code-version.mjs";

/** What the build reads (the chosen project included: it lives under experiments/ or tests/fixtures/). */
const INPUTS = ["app", "components", "lib", "experiments", "prisma", "server.ts", "next.config.ts", "package.json", "package-lock.json", "tsconfig.json", "postcss.config.mjs"];
/** Generated from prisma/ by `npm install`, and so already covered by the schema. */
const IGNORED = new Set(["lib/store/generated", "lib/store/generated-pg"]);

/** Where a build keeps its outputs: Next's folder, the participant assets, the server bundle and the CLI bundle. */
export function buildOutputs(env = process.env) {
  const server = env.SPROUT_SERVER_OUT ?? "dist/server.js";
  const nextDir = env.SPROUT_BUILD_DIR ?? ".next";
  // The participant pages' script and stylesheet (scripts/participant-assets.mjs), beside Next's build.
  return { nextDir, participant: path.join(nextDir, "sprout-participant"), server, cli: path.join(path.dirname(server), path.basename(server).replace(/server/, "cli")) };
}

/** The hash of the build's inputs in `root`, and of the settings that change what is built. */
export function inputsHash(root, env = process.env) {
  const hash = crypto.createHash("sha256");
  hash.update(JSON.stringify([env.SPROUT_PROJECT ?? "", env.SPROUT_CONDITIONS ?? ""]));
  const files = [];
  // A project outside experiments/ (SPROUT_PROJECT, as the test suite builds): its folder too.
  const project = env.SPROUT_PROJECT ? projectFolder(root, env) : null;
  for (const input of project && !project.startsWith("..") ? [...INPUTS, project] : INPUTS) filesUnder(root, input, files, IGNORED);
  for (const file of files) hash.update(`\0${file}\0`).update(fs.readFileSync(path.join(root, file)));
  return hash.digest("hex");
}

const stampPath = (root, env) => path.join(root, buildOutputs(env).nextDir, "sprout-build.json");

export function writeStamp(root, env = process.env) {
  const builtAt = new Date().toISOString();
  fs.writeFileSync(stampPath(root, env), JSON.stringify({ inputs: inputsHash(root, env), builtAt, code: { ...codeVersion(root, env), builtAt } }) + "\n");
}

/** The last build's time when it is current (every output there, same inputs), else null. */
export function currentBuild(root, env = process.env) {
  const { server, cli, participant } = buildOutputs(env);
  const file = stampPath(root, env);
  if (![file, path.join(root, server), path.join(root, cli), path.join(root, participant, "manifest.json")].every((f) => fs.existsSync(f))) return null;
  const stamp = JSON.parse(fs.readFileSync(file, "utf8"));
  return stamp.inputs === inputsHash(root, env) ? stamp.builtAt : null;
}
