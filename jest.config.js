import nextJest from "next/jest.js";

const createJestConfig = nextJest({ dir: "./" });

/** @type {import('jest').Config} */
const config = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  // Scratch space: copies of the checkout made by tests (start-builds-once, the container) hold tests of their own.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/tests/.tmp/"],
  modulePathIgnorePatterns: ["<rootDir>/tests/.tmp/"],
  globalSetup: "<rootDir>/tests/helpers/global-setup.ts",
  globalTeardown: "<rootDir>/tests/helpers/global-teardown.ts",
  testTimeout: 60_000,
  // Integration and browser tests each start a real server; two at a time fits 2 cores.
  maxWorkers: 2,
  moduleNameMapper: {
    // Tests run against the fixture project (package.json "imports", condition sprout-test).
    "^#project$": "<rootDir>/tests/fixtures/project.ts",
    "^@/(.*)$": "<rootDir>/$1",
    // The client lazy-imports an .mjs query compiler Jest cannot load; CJS twins ship beside it.
    "^@prisma/client/runtime/(.*)\\.mjs$": "<rootDir>/node_modules/@prisma/client/runtime/$1.js",
    "^(\\.{1,2}/.*)\\.ts$": "$1",
  },
  reporters: ["default", "<rootDir>/tests/helpers/summary-reporter.cjs"],
};

export default createJestConfig(config);
