import fs from "node:fs";
import path from "node:path";
import { TMP } from "./paths";

/**
 * `describe` for tests that need a program this machine may lack (Chromium, nginx): run when
 * it is there. Without it they are skipped loudly (a notice now, and a file tests/run.mjs
 * repeats at the end), except in CI (CI=true) or with SPROUT_REQUIRE_BROWSER=1, where the
 * missing program fails the run.
 */
export function describeNeeding(need: { found: boolean; what: string; hint: string; skipFile: string }, name: string, fn: () => void) {
  if (need.found) return describe(name, fn);
  if (process.env.CI === "true" || process.env.SPROUT_REQUIRE_BROWSER === "1") {
    return describe(name, () =>
      test(`has what ${need.what} need`, () => {
        throw new Error(`${need.what} are required here, but ${need.hint}`);
      }),
    );
  }
  console.warn(`*** ${name}: SKIPPED, ${need.hint}`);
  fs.mkdirSync(TMP, { recursive: true });
  fs.writeFileSync(path.join(TMP, need.skipFile), need.hint);
  return describe.skip(name, fn);
}
