import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
/**
 * The test build's Next output and server bundle, kept apart from `npm start`'s (and
 * overridable, so two test runs on one checkout need not share a build).
 */
export const TEST_BUILD_DIR = process.env.SPROUT_TEST_BUILD_DIR ?? ".next-test";
export const TEST_SERVER_OUT = process.env.SPROUT_TEST_SERVER ?? "dist/test-server.js";
export const TEST_SERVER = path.join(ROOT, TEST_SERVER_OUT);
export const TMP = path.join(ROOT, "tests/.tmp");
