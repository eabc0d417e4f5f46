import { z } from "zod";
import { dataExport, defineApp, page, pipeline } from "@/lib/experiment";

// defineApp's checks of an app's roles and exports (the per-round downloads and the data page use them).

describe("roles and exports", () => {
  const base = { name: "game", pages: [page({ name: "P" })] };
  test("roles are names, one per member index, each once", () => {
    expect(defineApp({ ...base, roles: ["sender", "receiver"] }).roles).toEqual(["sender", "receiver"]);
    expect(() => defineApp({ ...base, roles: ["a", "a"] })).toThrow('App "game", roles: two roles have the same name');
    expect(() => defineApp({ ...base, roles: ["a", ""] })).toThrow('App "game", roles: must be a list of names');
  });
  test("exports are made with dataExport or pipeline, with a zod schema for input", () => {
    const app = defineApp({ ...base, exports: { rows: dataExport({ run: () => [] }), pay: pipeline({ input: z.object({ n: z.number() }), run: () => "" }) } });
    expect([app.exports!.rows!.changes, app.exports!.pay!.changes]).toEqual([false, true]);
    expect(() => defineApp({ ...base, exports: { "bad-name": dataExport({ run: () => [] }) } })).toThrow('App "game", exports.bad-name: export names are letters');
    expect(() => defineApp({ ...base, exports: { x: { description: "", changes: false } as never } })).toThrow("exports.x: make it with dataExport({ run }) or pipeline({ run })");
    expect(() => defineApp({ ...base, exports: { x: { ...dataExport({ run: () => [] }), input: { type: "object" } } as never } })).toThrow("exports.x: input must be a zod schema");
  });
});
