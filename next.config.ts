import path from "node:path";
import type { NextConfig } from "next";

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

export default config;
