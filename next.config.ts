import path from "node:path";
import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from "next/constants";

// Which experiment project (#project in package.json) the build bundles: the researcher's
// by default, the test fixtures when the test suite builds (SPROUT_PROJECT=tests/fixtures/project.ts).
const project = process.env.SPROUT_PROJECT;

const config: NextConfig = {
  distDir: process.env.SPROUT_BUILD_DIR ?? ".next",
  trailingSlash: true,
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
  // Source-mapped server stacks let the field log name the experiment's file:line.
  experimental: { serverSourceMaps: true },
  turbopack: {
    root: path.resolve("."),
    resolveAlias: project ? { "#project": project.startsWith(".") ? project : `./${project}` } : {},
  },
};

/**
 * `next start` and `next dev` would serve the pages without the sockets, sweeps and presence
 * that server.ts attaches (half a Sprout): they stop here and say what to run instead.
 */
export default function sproutConfig(phase: string): NextConfig {
  if ((phase === PHASE_PRODUCTION_SERVER || phase === PHASE_DEVELOPMENT_SERVER) && !process.env.SPROUT_SERVER) {
    console.error(`Sprout is not served by \`next ${phase === PHASE_DEVELOPMENT_SERVER ? "dev" : "start"}\` (it cannot attach the live connections): run \`npm start\` (or \`npm run dev\` while developing).`);
    process.exit(1);
  }
  return config;
}
