// `npm run sprout -- <command>`: the CLI from source where tsx is installed (a development
// install), else the bundle `npm run build` made (a production install or the container).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildOutputs } from "./build-stamp.mjs";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const bundle = path.join(root, buildOutputs().cli);
const [command, args] = fs.existsSync(tsx) ? [tsx, [path.join(root, "lib/cli/main.ts")]] : [process.execPath, [bundle]];
if (command === process.execPath && !fs.existsSync(bundle)) {
  console.error("The CLI is not built: run `npm run build` first (or npm install for the development tools).");
  process.exit(1);
}
const run = spawnSync(command, [...args, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(run.status ?? 1);
