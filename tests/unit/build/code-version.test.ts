import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { codeVersion } from "../../../scripts/code-version.mjs";

// The record a build keeps of its code: it must change when the experiments change, and say
// the commit and whether the tree had uncommitted changes.

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sprout-code-"));
  fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ version: "1.2.3" }));
  fs.mkdirSync(path.join(root, "experiments/quiz"), { recursive: true });
  fs.writeFileSync(path.join(root, "experiments/quiz/index.tsx"), "export default 1;\n");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const git = (...args: string[]) => expect(spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { cwd: root }).status).toBe(0);

test("the experiments' hash follows their content, not the rest of the tree", () => {
  const first = codeVersion(root);
  expect(first).toMatchObject({ sprout: "1.2.3", git: null, folder: "experiments", experiments: expect.stringMatching(/^[0-9a-f]{64}$/) });
  fs.writeFileSync(path.join(root, "README.md"), "elsewhere\n");
  expect(codeVersion(root).experiments).toBe(first.experiments);
  fs.writeFileSync(path.join(root, "experiments/quiz/index.tsx"), "export default 2;\n");
  expect(codeVersion(root).experiments).not.toBe(first.experiments);
  // A renamed file changes it too.
  fs.renameSync(path.join(root, "experiments/quiz/index.tsx"), path.join(root, "experiments/quiz/main.tsx"));
  const renamed = codeVersion(root).experiments;
  expect(renamed).not.toBe(first.experiments);
  // SPROUT_PROJECT elsewhere: that folder is hashed.
  fs.mkdirSync(path.join(root, "study"));
  fs.writeFileSync(path.join(root, "study/project.ts"), "x\n");
  expect(codeVersion(root, { SPROUT_PROJECT: "./study/project.ts" })).toMatchObject({ folder: "study" });
});

test("in a git checkout: the commit, and whether the tree had uncommitted changes", () => {
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "first");
  const clean = codeVersion(root);
  expect(clean.git).toEqual({ commit: expect.stringMatching(/^[0-9a-f]{40}$/), dirty: false });
  fs.writeFileSync(path.join(root, "experiments/quiz/index.tsx"), "export default 3;\n");
  expect(codeVersion(root).git).toEqual({ commit: clean.git!.commit, dirty: true });
  git("commit", "-qam", "second");
  const next = codeVersion(root);
  expect(next.git).toEqual({ commit: expect.not.stringMatching(clean.git!.commit), dirty: false });
});
