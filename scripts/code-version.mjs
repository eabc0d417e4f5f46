// What a build is made of, recorded by `npm run build` and stored with every session created
// from it: the Sprout version, the git commit (and whether the tree had uncommitted changes)
// when there is a checkout, and a hash of the experiment sources (the project's folder).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** The files under `rel` (a file or a folder), in a stable order, leaving out the folders in `ignored`. */
export function filesUnder(root, rel, out, ignored = new Set()) {
  if (ignored.has(rel)) return;
  const full = path.join(root, rel);
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isDirectory()) for (const name of fs.readdirSync(full).sort()) filesUnder(root, `${rel}/${name}`, out, ignored);
  else out.push(rel);
}

/** The project's folder: experiments/, or the folder of SPROUT_PROJECT. */
export function projectFolder(root, env = process.env) {
  return env.SPROUT_PROJECT ? path.relative(root, path.dirname(path.resolve(root, env.SPROUT_PROJECT))) : "experiments";
}

function git(root, args) {
  const r = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The code version of the tree in `root`: { sprout, git: { commit, dirty } | null, experiments, folder }. */
export function codeVersion(root, env = process.env) {
  const folder = projectFolder(root, env);
  const files = [];
  filesUnder(root, folder, files);
  const hash = crypto.createHash("sha256");
  for (const file of files) hash.update(`\0${file}\0`).update(fs.readFileSync(path.join(root, file)));
  const commit = git(root, ["rev-parse", "HEAD"]);
  const status = commit === null ? null : git(root, ["status", "--porcelain", "--untracked-files=normal"]);
  const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  return { sprout: version, git: commit === null ? null : { commit, dirty: status !== null && status !== "" }, experiments: hash.digest("hex"), folder };
}
