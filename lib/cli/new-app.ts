import fs from "node:fs";
import path from "node:path";
import { InvalidInputError } from "../errors.ts";

/**
 * `sprout new APP`: a new app folder (a page with a question, a results page, a bot test) and its
 * config in the project file, ready for `npm start` and `npm run sprout -- test APP`. Everything
 * is checked before anything is written, so a refusal leaves the project as it was.
 */

const APP_NAME = /^[a-z][a-z0-9_]{0,39}$/;

/** "risk_task" → "riskTask": the name the project file imports the app under. */
const identifierOf = (app: string) => app.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export const appSource = (app: string) => `import { defineApp, integer, page, stored } from "@/lib/experiment";

/** What the code stores (no page asks for it): typed reads and writes, and a label in the data dictionary. */
export const results = stored({ doubled: integer({ label: "Twice the guess" }) });

/** The question; its field types \`player.get(question, "guess")\` (a number). */
export const question = page({
  name: "Question",
  fields: { guess: integer({ label: "Guess a number from 1 to 10", min: 1, max: 10 }) },
  render: ({ fields }) => (
    <>
      <p>Welcome! This is the first page of ${app}.</p>
      {fields}
    </>
  ),
  afterOnce: async ({ player }) => {
    await player.set(results, "doubled", 2 * ((await player.get(question, "guess")) ?? 0));
  },
});

/** ${app}: one question and its answer shown back. Made by \`npm run sprout -- new ${app}\`; make it yours. */
export default defineApp({
  name: "${app}",
  description: "A new app: one question, then the answer shown back",
  stored: { player: results },
  pages: [
    question,
    page({ name: "Results", render: async ({ player }) => <p>You guessed {await player.get(question, "guess")}; twice that is {await player.get(results, "doubled")}.</p> }),
  ],
  tests: () => import("./bot-tests"),
});
`;

export const testsSource = (app: string) => `import type { BotTests } from "@/lib/experiment";
import { question, results } from "./index";

/**
 * Bot tests: \`npm run sprout -- test ${app}\` plays them (docs/writing-experiments.md, "Bot tests").
 * The page types what the scripts enter. The app loads this file only when its tests run.
 */
export default {
  "a guess of 7": {
    players: 1,
    pages: {
      Question: ({ sees, mustFail }) => {
        sees("This is the first page of ${app}.");
        mustFail({ guess: 11 }, "at most 10");
        return { guess: 7 };
      },
      Results: ({ sees }) => sees("You guessed 7; twice that is 14."),
    },
    check: async ({ players: [p], expect }) => expect(await p!.get(results, "doubled"), 14, "the doubled guess"),
  },
} satisfies BotTests<typeof question>;
`;

/** Adds the import and the config to the project file's text; null when its shape is not the one expected. */
export function withAppInProject(project: string, app: string): string | null {
  const ident = identifierOf(app);
  const lines = project.split("\n");
  const lastImport = lines.findLastIndex((l) => /^import .* from ".+";$/.test(l));
  const configs = lines.findIndex((l) => /^\s*configs: \{\s*$/.test(l));
  if (lastImport < 0 || configs < 0) return null;
  const indent = `${/^(\s*)/.exec(lines[configs]!)![1]}  `;
  lines.splice(configs + 1, 0, `${indent}${app}: { apps: [${ident}], description: "A new app (made by sprout new)" },`);
  lines.splice(lastImport + 1, 0, `import ${ident} from "./${app}";`);
  return lines.join("\n");
}

export function newAppCommand(args: string[], root: string): void {
  if (args.length !== 1) throw new InvalidInputError("usage: npm run sprout -- new APP   (APP: lowercase letters, digits and _, starting with a letter)");
  const app = args[0]!;
  if (!APP_NAME.test(app)) throw new InvalidInputError(`"${app}" cannot be an app's name: lowercase letters, digits and _, starting with a letter (up to 40)`);
  const dir = path.join(root, "experiments", app);
  const projectFile = path.join(root, "experiments", "project.ts");
  if (fs.existsSync(dir)) throw new InvalidInputError(`experiments/${app} exists already: pick another name`);
  if (!fs.existsSync(projectFile)) throw new InvalidInputError("There is no experiments/project.ts to add the app to (run this in the project's folder)");
  const project = fs.readFileSync(projectFile, "utf8");
  if (new RegExp(`\\b${identifierOf(app)}\\b|^\\s*${app}:`, "m").test(project)) throw new InvalidInputError(`experiments/project.ts already uses the name ${app} (or ${identifierOf(app)}): pick another name`);
  const updated = withAppInProject(project, app);
  if (updated === null) throw new InvalidInputError("experiments/project.ts does not have the shape sprout new expects (imports, then `configs: {` on a line of its own): add the app by hand");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "index.tsx"), appSource(app));
  fs.writeFileSync(path.join(dir, "bot-tests.ts"), testsSource(app));
  fs.writeFileSync(projectFile, updated);
  console.log(`Made experiments/${app}/index.tsx (the app), experiments/${app}/bot-tests.ts (its bot test) and the config ${app} in experiments/project.ts.
Next: npm run sprout -- test ${app}   (plays the bot test), npm start (then create a session of ${app} in /admin)`);
}
