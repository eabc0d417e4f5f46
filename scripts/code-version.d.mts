/** What a build is made of (scripts/code-version.mjs). */
export interface CodeVersion {
  /** Sprout's version (package.json) */
  sprout: string;
  /** the checkout's commit and whether the tree had uncommitted changes; null without a git checkout */
  git: { commit: string; dirty: boolean } | null;
  /** SHA-256 of the experiment sources (the project's folder) */
  experiments: string;
  /** that folder, relative to the project root */
  folder: string;
  /** when the build was made (absent when read from the tree at run time) */
  builtAt?: string;
}
export function projectFolder(root: string, env?: Record<string, string | undefined>): string;
export function codeVersion(root: string, env?: Record<string, string | undefined>): CodeVersion;
export function filesUnder(root: string, rel: string, out: string[], ignored?: ReadonlySet<string>): void;
