import path from "node:path";
import ts from "typescript";
import { ROOT } from "../../helpers/paths";

// Catalogue types, checked by the compiler: tests/fixtures/types/messages.tsx compiles, and each of
// its @ts-expect-error lines is refused (a directive over a line that compiles is an error too).
// Sprout's own catalogues are typed the same way (lib/i18n/de.ts is Translation<typeof en>).

const FILE = path.join(ROOT, "tests/fixtures/types/messages.tsx");

test("an app's catalogues are typed: unknown keys, missing or misspelt placeholders, missing and extra keys and unknown languages do not compile", () => {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), { incremental: false, noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const program = ts.createProgram([FILE], { ...config.options, incremental: false, plugins: [] });
  const found = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && path.resolve(d.file.fileName) === FILE)
    .map((d) => `${d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  expect(found).toEqual([]);
  // The file does hold refusals to check.
  expect(ts.sys.readFile(FILE)!.match(/^\s*\/\/ @ts-expect-error/gm)!.length).toBe(8);
}, 120_000);
