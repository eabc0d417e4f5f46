import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
/** The test build's Next output and server bundle, kept apart from `npm start`'s. */
export const TEST_BUILD_DIR = ".next-test";
export const TEST_SERVER = path.join(ROOT, "dist/test-server.js");
export const TMP = path.join(ROOT, "tests/.tmp");
