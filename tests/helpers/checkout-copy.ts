import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./paths";

/** The checkout's files (committed or not, ignored ones left out), the generated clients and node_modules (hard links). */
export function copyCheckout(to: string) {
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
export function researcherEnv(dir: string): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, HOST: "127.0.0.1", PORT: "0", DATABASE_URL: `file:${path.join(dir, "data/sprout.sqlite3")}`, NEXT_TELEMETRY_DISABLED: "1" };
  for (const name of ["SPROUT_BUILD_DIR", "SPROUT_SERVER_OUT", "SPROUT_PROJECT", "SPROUT_CONDITIONS", "NODE_ENV", "SPROUT_TEST_SERVER_BUNDLE"]) delete env[name];
  return env as NodeJS.ProcessEnv;
}
