import { defineApp, defineProject, integer, page, radio, type QualityDef } from "@/lib/experiment";

// The data-quality options are checked when the project loads (docs/data-quality.md).

const app = defineApp({ name: "q", pages: [page({ name: "P", fields: { n: integer({ label: "n" }) } })] });
const project = (quality: unknown) => () => defineProject({ configs: { c: { apps: [app], quality: quality as QualityDef } }, admins: ["admin"] });

test("a config's quality options are known keys with values of their kind", () => {
  expect(project({ signals: false, minSeconds: 2.5, duplicates: "screenOut", fingerprint: false })).not.toThrow();
  expect(project({ minSecond: 3 })).toThrow('Config "c": quality: unknown option minSecond');
  expect(project({ minSeconds: 0 })).toThrow("minSeconds must be a number of seconds above 0");
  expect(project({ duplicates: "block" })).toThrow('duplicates must be "flag", "screenOut" or false');
  expect(project({ signals: "no" })).toThrow("signals must be true or false");
});

test("a page's minSeconds is above 0", () => {
  expect(() => defineApp({ name: "m", pages: [page({ name: "P", minSeconds: -1 })] })).toThrow("minSeconds must be a number of seconds above 0");
});

test("an attention check's expected answer must be one the field can take, and its outcome known", () => {
  const withCheck = (attention: unknown) => () => defineApp({ name: "a", pages: [page({ name: "P", fields: { c: radio({ label: "c", choices: ["x", "y"], attention: attention as never }) } })] });
  expect(withCheck({ expected: "y", onFail: "screenOut" })).not.toThrow();
  expect(withCheck({ expected: "z" })).toThrow(/the attention check's expected answer "z" is not a valid answer/);
  expect(withCheck({ expected: "y", onFail: "block" })).toThrow(/attention/);
  expect(withCheck({ expeced: "y" })).toThrow(/attention/);
});
