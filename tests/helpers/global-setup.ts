import { spawnSync } from "node:child_process";
import { applyPostgresMigrations } from "@/lib/store/migrate-postgres";
import { postgresUrl, psql, TEMPLATE_DATABASE, TEST_ENGINE } from "./engine";
import { ROOT, TEST_BUILD_DIR, TEST_SERVER_OUT } from "./paths";

/**
 * Builds the app once for the whole run, bundling the test fixtures as the project, the
 * same production build `npm start` makes (SPROUT_TEST_SKIP_BUILD=1 reuses the last build).
 * On PostgreSQL, migrates the run's template database that every test database is copied from.
 */
export default async function globalSetup() {
  if (TEST_ENGINE === "postgresql") {
    psql(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
    await applyPostgresMigrations(postgresUrl(TEMPLATE_DATABASE));
  }
  if (process.env.SPROUT_TEST_SKIP_BUILD === "1") return;
  const started = Date.now();
  process.stdout.write("\nBuilding the test server (next build + esbuild)... ");
  const build = spawnSync("npm", ["run", "-s", "build"], {
    cwd: ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      SPROUT_PROJECT: "./tests/fixtures/project.ts",
      SPROUT_BUILD_DIR: TEST_BUILD_DIR,
      SPROUT_SERVER_OUT: TEST_SERVER_OUT,
      SPROUT_CONDITIONS: "sprout-test",
    },
  });
  if (build.status !== 0) throw new Error(`the test build failed:\n${build.stdout}\n${build.stderr}`);
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
