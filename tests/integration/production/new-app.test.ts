import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { copyCheckout, researcherEnv } from "../../helpers/checkout-copy";
import { TEST_ENGINE } from "../../helpers/engine";
import { TMP } from "../../helpers/paths";

// `npm run sprout -- new APP` in a copy of the checkout, as a researcher runs it, then
// `npm run sprout -- test APP`: the new app builds, serves and passes its own bot test.
// Engine-independent (and a full build long), so it runs in the SQLite pass only.
const onSqlite = TEST_ENGINE === "sqlite" ? test : test.skip;

const sprout = (dir: string, ...args: string[]) => spawnSync(process.execPath, ["scripts/sprout.mjs", ...args], { cwd: dir, env: researcherEnv(dir), encoding: "utf8", timeout: 900_000 });

onSqlite(
  "a new app in one command: its folder, its config, and a bot test that passes",
  () => {
    fs.mkdirSync(TMP, { recursive: true });
    const dir = fs.mkdtempSync(path.join(TMP, "new-app-"));
    try {
      copyCheckout(dir);
      const made = sprout(dir, "new", "risk_task");
      expect(made.stderr).toBe("");
      expect(made.status).toBe(0);
      expect(made.stdout).toContain("Made experiments/risk_task/index.tsx (the app), experiments/risk_task/bot-tests.ts (its bot test) and the config risk_task");
      expect(fs.readFileSync(path.join(dir, "experiments/project.ts"), "utf8")).toContain('import riskTask from "./risk_task";');

      const tested = sprout(dir, "test", "risk_task");
      expect({ stdout: tested.stdout, stderr: tested.stderr.split("\n").filter((l) => !/^(Building|\s*$)/.test(l)).slice(-30) }).toMatchObject({ stderr: [] });
      expect(tested.stdout).toMatch(/^Bot tests of risk_task \(SQLite\):\n✓ risk_task: a guess of 7 \(1 player, [\d.]+ s\)\n1 passed, 0 failed\n$/);
      expect(tested.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  1_200_000,
);
