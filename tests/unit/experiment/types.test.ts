import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { ROOT, TMP } from "../../helpers/paths";

// The authoring API's types, checked by the compiler: a fixture that must compile
// (tests/fixtures/types/compiles.tsx) and snippets that must not, each with the error it must give.

const HEADER = `import { defineApp, integer, page, radio, string, syncWait } from "@/lib/experiment";
const decide = page({
  name: "Decide",
  fields: { cooperate: radio({ label: "Cooperate?", choices: [[true, "Yes"], [false, "No"]] }), amount: integer({ label: "Amount" }), note: string({ label: "Note" }) },
});
`;

const MUST_FAIL: [string, string, string][] = [
  ["a field name the page does not have, read typed", `export const x = async (p: Parameters<NonNullable<Parameters<typeof syncWait>[0]["onAllHere"]>>[0]["player"]) => p.get(decide, "cooperat");`, 'Argument of type \'"cooperat"\' is not assignable'],
  ["a field name the page does not have, in validate", `export const p2 = page({ name: "P", fields: { amount: integer({ label: "A" }) }, validate: ({ amout }) => (amout ? "x" : undefined) });`, "Property 'amout' does not exist"],
  ["a boolean field compared with a string", `export const p3 = page({ name: "P", fields: { ok: radio({ label: "OK?", choices: [[true, "Yes"], [false, "No"]] }) }, validate: ({ ok }) => (ok === "yes" ? "x" : undefined) });`, "This comparison appears to be unintentional because the types 'boolean' and 'string' have no overlap"],
  ["a bot entering a string for a number field", `export const p4 = page({ name: "P", fields: { amount: integer({ label: "A" }) }, bot: () => ({ amount: "three" }) });`, "Type 'string' is not assignable to type 'number'"],
  ["a bot entering a field the page does not have", `export const p5 = page({ name: "P", fields: { amount: integer({ label: "A" }) }, bot: () => ({ amonut: 3 }) });`, "{ readonly amonut: 3; }' is not assignable"],
  ["a typed read used as the wrong type", `export const f = async (p: import("@/lib/experiment").PlayerApi) => { const s: string | undefined = await p.get(decide, "cooperate"); return s; };`, "Type 'boolean' is not assignable to type 'string'"],
  ["a field name the page does not have, in a history", `export const h = async (p: import("@/lib/experiment").PlayerApi) => p.history(decide, "amonut");`, 'Argument of type \'"amonut"\' is not assignable'],
  ["a group-scoped hook expecting no group", `export const w = syncWait({ name: "W", scope: "session", onAllHere: async ({ group }) => { await group.players(); } });`, "'group' is possibly 'null'"],
];

function compile(files: string[]): ts.Diagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), { incremental: false, noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const program = ts.createProgram(files, { ...config.options, incremental: false, plugins: [] });
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(path.resolve(d.file.fileName)));
}

const dir = path.join(TMP, "types");
const files = MUST_FAIL.map((_, i) => path.join(dir, `must-fail-${i}.tsx`));
let diagnostics: ts.Diagnostic[];
beforeAll(() => {
  fs.mkdirSync(dir, { recursive: true });
  MUST_FAIL.forEach(([, code], i) => fs.writeFileSync(files[i]!, `${HEADER}${code}\nexport default decide;\n`));
  diagnostics = compile([path.join(ROOT, "tests/fixtures/types/compiles.tsx"), ...files]);
}, 120_000);

const messages = (file: string) => diagnostics.filter((d) => path.resolve(d.file!.fileName) === file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));

test("the typed fixture compiles", () => expect(messages(path.join(ROOT, "tests/fixtures/types/compiles.tsx"))).toEqual([]));

test.each(MUST_FAIL.map(([name, , message], i) => [name, i, message] as const))("does not compile: %s", (_, i, message) => {
  const found = messages(files[i]!);
  expect(found.join("\n")).toContain(message);
});
