import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { newAppCommand, withAppInProject } from "@/lib/cli/new-app";
import { ROOT } from "../../helpers/paths";

// `sprout new APP` on a temporary copy of the project file: what it writes, and refusals that
// leave everything as it was. (tests/integration/production/new-app.test.ts builds and plays it.)

let root: string;
const projectFile = () => path.join(root, "experiments/project.ts");
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sprout-new-"));
  fs.mkdirSync(path.join(root, "experiments/hello"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "experiments/project.ts"), projectFile());
  jest.spyOn(console, "log").mockImplementation(() => undefined);
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  jest.restoreAllMocks();
});

test("makes the app's folder (a page, a bot test) and adds its import and config to the project file", () => {
  newAppCommand(["risk_task"], root);
  expect(fs.readdirSync(path.join(root, "experiments/risk_task")).sort()).toEqual(["bot-tests.ts", "index.tsx"]);
  expect(fs.readFileSync(path.join(root, "experiments/risk_task/index.tsx"), "utf8")).toContain('name: "risk_task"');
  const project = fs.readFileSync(projectFile(), "utf8");
  expect(project).toMatch(/import trust from ".\/trust";\nimport riskTask from ".\/risk_task";\n/);
  expect(project).toContain('  configs: {\n    risk_task: { apps: [riskTask], description: "A new app (made by sprout new)" },\n');
});

test.each([
  [[], "usage: npm run sprout -- new APP"],
  [["Risk"], '"Risk" cannot be an app\'s name'],
  [["hello"], "experiments/hello exists already"],
  [["trust_game", "x"], "usage: npm run sprout -- new APP"],
])("refuses %j with a clear message and changes nothing", (args, message) => {
  const before = fs.readFileSync(projectFile(), "utf8");
  expect(() => newAppCommand(args, root)).toThrow(message);
  expect(fs.readFileSync(projectFile(), "utf8")).toBe(before);
  expect(fs.readdirSync(path.join(root, "experiments")).sort()).toEqual(["hello", "project.ts"]);
});

test("refuses a name the project file already uses", () => {
  fs.writeFileSync(projectFile(), fs.readFileSync(projectFile(), "utf8").replace("configs: {", "configs: {\n    quiz: { apps: [] },"));
  expect(() => newAppCommand(["quiz"], root)).toThrow("experiments/project.ts already uses the name quiz");
});

test("a project file of another shape is left alone, with a message", () => {
  expect(withAppInProject("export default {}", "quiz")).toBeNull();
  fs.writeFileSync(projectFile(), "export default {};\n");
  expect(() => newAppCommand(["quiz"], root)).toThrow("does not have the shape sprout new expects");
  expect(fs.existsSync(path.join(root, "experiments/quiz"))).toBe(false);
});
