// `npm start`: serves the production build, building it first only when it is missing or
// anything it reads changed since (so a restart during a study takes seconds, not minutes).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildOutputs, currentBuild } from "./build-stamp.mjs";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
process.env.NODE_ENV = "production";

const builtAt = currentBuild(root);
if (builtAt) {
  console.log(`The build of ${builtAt} is up to date: starting it.`);
} else if (!fs.existsSync(path.join(root, "node_modules/esbuild"))) {
  // A production install (npm install --omit=dev) has no build tools.
  console.error("Sprout cannot start: the build is missing or out of date, and this install has no build tools (a production install). Run `npm run build` in a full install (npm install), or use the container image.");
  process.exit(1);
} else {
  console.log("Building (the build is missing or something it reads changed)...");
  const build = spawnSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import(pathToFileURL(path.join(root, buildOutputs().server)).href);
