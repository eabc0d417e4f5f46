// `npm run build`: the Next app, the server bundle, the CLI bundle, the participant pages' assets, then the stamp that
// lets `npm start` skip the next build while nothing it reads has changed. SPROUT_BUILD_DIR,
// SPROUT_SERVER_OUT, SPROUT_PROJECT and SPROUT_CONDITIONS let the test suite build its own.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { buildOutputs, writeStamp } from "./build-stamp.mjs";
import { projectFolder } from "./code-version.mjs";
import { buildParticipantAssets } from "./participant-assets.mjs";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const next = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { cwd: root, stdio: "inherit", env });
if (next.status !== 0) process.exit(next.status ?? 1);

const outputs = buildOutputs();
const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  jsx: "automatic",
  sourcemap: true,
  conditions: [process.env.SPROUT_CONDITIONS || "sprout"],
  logLevel: "warning",
  absWorkingDir: root,
};
await Promise.all([
  esbuild.build({ ...common, entryPoints: ["server.ts"], outfile: outputs.server }),
  esbuild.build({ ...common, entryPoints: ["lib/cli/main.ts"], outfile: outputs.cli }),
  buildParticipantAssets({ root, outDir: path.join(root, outputs.participant), projectFolder: projectFolder(root) }),
]);
writeStamp(root);
