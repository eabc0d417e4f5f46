import fs from "node:fs";
import path from "node:path";
import { codeVersion, type CodeVersion } from "../scripts/code-version.mjs";

export type { CodeVersion };

let cached: CodeVersion | undefined;

/**
 * The code this server runs: the record `npm run build` wrote beside its output (so a server
 * in a container without .git still knows its commit), else read from the tree now (a
 * development server, which has no build).
 */
export function currentCodeVersion(): CodeVersion {
  if (cached) return cached;
  const root = process.cwd();
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(root, process.env.SPROUT_BUILD_DIR ?? ".next", "sprout-build.json"), "utf8")) as { code?: CodeVersion };
    if (stamp.code) return (cached = stamp.code);
  } catch {
    // no build here: read the tree
  }
  return (cached = codeVersion(root));
}

/** One line for people: "commit 1a2b3c4 (uncommitted changes) · experiments 9f8e7d6c · Sprout 0.1.0". */
export function describeCodeVersion(v: CodeVersion): string {
  const git = v.git ? `commit ${v.git.commit.slice(0, 7)}${v.git.dirty ? " (uncommitted changes)" : ""}` : "no git checkout";
  return `${git} · experiments ${v.experiments.slice(0, 8)} · Sprout ${v.sprout}`;
}
