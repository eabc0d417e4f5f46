import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { appSource, testsSource } from "@/lib/cli/new-app";
import { ROOT, TMP } from "../../helpers/paths";

// The authoring API's types, checked by the compiler: a fixture that must compile
// (tests/fixtures/types/compiles.tsx) and snippets that must not, each with the error it must give.

const HEADER = `import { defineApp, integer, json, page, radio, stored, string, syncWait, type BotTests, type PlayerApi } from "@/lib/experiment";
const decide = page({
  name: "Decide",
  fields: { cooperate: radio({ label: "Cooperate?", choices: [[true, "Yes"], [false, "No"]] }), amount: integer({ label: "Amount" }), note: string({ label: "Note" }) },
});
const results = stored({ payoff: integer({ label: "Points" }), seen: json<number[]>({ label: "Rounds seen" }) });
`;

// A live contract as a market board declares it, the browser's typed live, and the server's live().
const LIVE = `import type { TypedLive } from "@/lib/experiment/client"; import { live, type LiveMethods } from "@/lib/experiment"; import { z } from "zod";
type Offer = { offer: { input: { price: number }; result: { message: string } } };
declare const l: TypedLive<Offer>;
`;

const MUST_FAIL: [string, string, string][] = [
  ["a field name the page does not have, read typed", `export const x = async (p: Parameters<NonNullable<Parameters<typeof syncWait>[0]["onAllHere"]>>[0]["player"]) => p.get(decide, "cooperat");`, 'Argument of type \'"cooperat"\' is not assignable'],
  ["a field name the page does not have, in validate", `export const p2 = page({ name: "P", fields: { amount: integer({ label: "A" }) }, validate: ({ amout }) => (amout ? "x" : undefined) });`, "Property 'amout' does not exist"],
  ["a boolean field compared with a string", `export const p3 = page({ name: "P", fields: { ok: radio({ label: "OK?", choices: [[true, "Yes"], [false, "No"]] }) }, validate: ({ ok }) => (ok === "yes" ? "x" : undefined) });`, "This comparison appears to be unintentional because the types 'boolean' and 'string' have no overlap"],
  ["a bot entering a string for a number field", `export const p4 = page({ name: "P", fields: { amount: integer({ label: "A" }) }, bot: () => ({ amount: "three" }) });`, "Type 'string' is not assignable to type 'number'"],
  ["a bot entering a field the page does not have", `export const p5 = page({ name: "P", fields: { amount: integer({ label: "A" }) }, bot: () => ({ amonut: 3 }) });`, "{ readonly amonut: 3; }' is not assignable"],
  ["a typed read used as the wrong type", `export const f = async (p: import("@/lib/experiment").PlayerApi) => { const s: string | undefined = await p.get(decide, "cooperate"); return s; };`, "Type 'boolean' is not assignable to type 'string'"],
  ["a field name the page does not have, in a history", `export const h = async (p: import("@/lib/experiment").PlayerApi) => p.history(decide, "amonut");`, 'Argument of type \'"amonut"\' is not assignable'],
  ["a stored field the declaration does not have, read", `export const s1 = async (p: PlayerApi) => p.get(results, "payof");`, 'Argument of type \'"payof"\' is not assignable'],
  ["a stored field the declaration does not have, written", `export const s2 = async (p: PlayerApi) => p.set(results, "payof", 3);`, 'Argument of type \'"payof"\' is not assignable'],
  ["a stored integer written as a string", `export const s3 = async (p: PlayerApi) => p.set(results, "payoff", "3");`, "Argument of type 'string' is not assignable to parameter of type 'number'"],
  ["a stored json<number[]> written as a list of strings", `export const s4 = async (p: PlayerApi) => p.set(results, "seen", ["1"]);`, "Type 'string' is not assignable to type 'number'"],
  ["a stored integer compared with a string", `export const s5 = async (p: PlayerApi) => (await p.get(results, "payoff")) === "3";`, "This comparison appears to be unintentional because the types 'number | undefined' and 'string' have no overlap"],
  ["a bot test entering a field the page does not have", `export const t1 = { c: { pages: { Decide: () => ({ amonut: 3 }) } } } satisfies BotTests<typeof decide>;`, "Type '{ amonut: number; }' is not assignable to type 'void | Partial<FieldValues<"],
  ["a bot test entering a string for a number field", `export const t2 = { c: { pages: { Decide: () => ({ amount: "3" }) } } } satisfies BotTests<typeof decide>;`, "Type 'string' is not assignable to type 'number'"],
  ["a bot test's refused submission naming a field the page does not have", `export const t3 = { c: { pages: { Decide: ({ mustFail }) => mustFail({ amonut: 3 }) } } } satisfies BotTests<typeof decide>;`, "'amonut' does not exist in type"],
  ["a bot test expecting a string of a number field", `export const t4 = { c: { check: async ({ players: [p], expect }) => expect(await p!.get(results, "payoff"), "3") } } satisfies BotTests<typeof decide>;`, "Argument of type 'string' is not assignable to parameter of type 'number'"],
  ["a live call of a method the contract lacks", `${LIVE} export const c1 = () => l.call("ofer", { price: 1 });`, 'Argument of type \'"ofer"\' is not assignable'],
  ["a live call with arguments that do not fit", `${LIVE} export const c2 = () => l.call("offer", { price: "1" });`, "Type 'string' is not assignable to type 'number'"],
  ["a live answer used as the wrong type", `${LIVE} export const c3 = async () => { const n: number = (await l.call("offer", { price: 1 })).message; return n; };`, "Type 'string' is not assignable to type 'number'"],
  ["a page's live method answering what its contract does not say", `${LIVE} export const c4 = { offer: live(z.object({ price: z.number() }), () => ({ message: 1 })) } satisfies LiveMethods<Offer>;`, "Type 'number' is not assignable to type 'string'"],
  ["a group-scoped hook expecting no group", `export const w = syncWait({ name: "W", scope: "session", onAllHere: async ({ group }) => { await group.players(); } });`, "'group' is possibly 'null'"],
];

function compile(files: string[]): ts.Diagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), { incremental: false, noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const program = ts.createProgram(files, { ...config.options, incremental: false, plugins: [] });
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(path.resolve(d.file.fileName)));
}

const dir = path.join(TMP, "types");
const files = MUST_FAIL.map((_, i) => path.join(dir, `must-fail-${i}.tsx`));
// What `sprout new` writes must compile too (it is the researcher's first example).
const scaffold = [path.join(dir, "scaffold/index.tsx"), path.join(dir, "scaffold/bot-tests.ts")];
let diagnostics: ts.Diagnostic[];
beforeAll(() => {
  fs.mkdirSync(path.join(dir, "scaffold"), { recursive: true });
  MUST_FAIL.forEach(([, code], i) => fs.writeFileSync(files[i]!, `${HEADER}${code}\nexport default decide;\n`));
  fs.writeFileSync(scaffold[0]!, appSource("scaffolded"));
  fs.writeFileSync(scaffold[1]!, testsSource("scaffolded"));
  diagnostics = compile([path.join(ROOT, "tests/fixtures/types/compiles.tsx"), ...scaffold, ...files]);
}, 120_000);

const messages = (file: string) => diagnostics.filter((d) => path.resolve(d.file!.fileName) === file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));

test("the typed fixture compiles", () => expect(messages(path.join(ROOT, "tests/fixtures/types/compiles.tsx"))).toEqual([]));

test("the app sprout new writes compiles, its bot test too", () => expect(scaffold.flatMap(messages)).toEqual([]));

test.each(MUST_FAIL.map(([name, , message], i) => [name, i, message] as const))("does not compile: %s", (_, i, message) => {
  const found = messages(files[i]!);
  expect(found.join("\n")).toContain(message);
});
