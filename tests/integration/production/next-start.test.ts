import { spawnSync } from "node:child_process";
import { ROOT, TEST_BUILD_DIR } from "../../helpers/paths";

// `next start` would serve the pages without the sockets, sweeps and presence server.ts adds:
// it stops at once and says what to run instead.
test.each(["start", "dev"])("next %s exits non-zero, saying to run npm start instead", (command) => {
  const run = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", command, "--port", "0"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NODE_ENV: command === "start" ? "production" : "development", SPROUT_BUILD_DIR: TEST_BUILD_DIR, NEXT_TELEMETRY_DISABLED: "1" },
  });
  expect(run.signal).toBeNull(); // it exited by itself, not by the timeout
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(`Sprout is not served by \`next ${command}\` (it cannot attach the live connections): run \`npm start\``);
});
