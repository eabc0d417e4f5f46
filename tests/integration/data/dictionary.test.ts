import Papa from "papaparse";
import examples from "@/experiments/project";
import { pagesOf } from "@/lib/experiment/page-order";
import { recordWrites } from "@/lib/store/field-log";
import { signInAutomatically } from "../../helpers/admin";
import { submitCurrent } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// The data dictionary: every form field of every shipped example with its page, type and
// choices (their stored values), Sprout's own columns, and fields only code wrote, flagged.

let server: RunningServer;
let cookie: string;
beforeAll(async () => {
  server = await startServer();
  cookie = await signInAutomatically(server);
});
afterAll(() => server?.stop());

async function download(path: string): Promise<string> {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

const dictionary = async (sname: string) => Papa.parse<Record<string, string>>(await download(`/admin/session/${sname}/export/dictionary.csv`), { header: true, skipEmptyLines: true }).data;

test.each(Object.keys(examples.configs))("the %s example: every field of every page, with its choices' stored values", async (config) => {
  const s = await newSession(server, config, 1);
  const rows = await dictionary(s.name);
  for (const app of examples.configs[config]!.apps) {
    for (const page of pagesOf(app)) {
      if (page.kind !== "page") continue;
      for (const [field, def] of Object.entries(page.fields)) {
        const row = rows.find((r) => r.app === app.name && r.page === page.name && r.field === field);
        expect([app.name, page.name, field, row?.label, row?.declared, row?.owner]).toEqual([app.name, page.name, field, def.label, "true", "player"]);
        if ("choices" in def) for (const c of def.choices) expect(row!.choices).toContain(JSON.stringify(Array.isArray(c) ? c[0] : c).replace(/^"|"$/g, ""));
      }
    }
  }
  // The fields the app's code stores, as stored() declares them, on their level.
  for (const app of examples.configs[config]!.apps) {
    for (const owner of ["player", "group", "session"] as const) {
      for (const [field, def] of Object.entries(app.stored?.[owner]?.fields ?? {})) {
        const row = rows.find((r) => r.app === app.name && r.owner === owner && r.field === field);
        expect([field, row?.label, row?.declared, row?.page]).toEqual([field, def.label, "true", ""]);
      }
    }
  }
  // Sprout's own columns come first, described.
  expect(rows.slice(0, 3).map((r) => r.field)).toEqual(["session", "player", "index"]);
});

test("types, bounds, optional and per-round for the fixture's fields; fields only code wrote are flagged with their types", async () => {
  const s = await newSession(server, "basics", 1);
  await submitCurrent(s.urls[0]!);
  const player = s.players[0]!;
  await server.db.$transaction((tx) =>
    recordWrites(tx, [
      { owner: { kind: "player", id: player.id, sessionId: s.id }, key: "payoff", value: 2.5, context: { app: "basics" }, provenance: { byKind: "hook" } },
      { owner: { kind: "session", id: s.id, sessionId: s.id }, key: "market", value: { open: true }, context: {}, provenance: { byKind: "hook" } },
    ]),
  );
  const rows = await dictionary(s.name);
  const age = rows.find((r) => r.field === "age")!;
  expect(age).toMatchObject({ app: "basics", page: "Intro", type: "integer", label: "Age", bounds: "18 to 99", optional: "false", perRound: "false", declared: "true" });
  expect(rows.find((r) => r.field === "likes")).toMatchObject({ type: "one of the choices", choices: "true = Yes; false = No" });
  expect(rows.find((r) => r.field === "comment")).toMatchObject({ optional: "true", type: "text" });
  expect(rows.find((r) => r.field === "payoff")).toMatchObject({ owner: "player", type: "number", declared: "false" });
  expect(rows.find((r) => r.field === "market")).toMatchObject({ owner: "session", type: "object", declared: "false" });
  // newPlayer's writes are code's too.
  expect(rows.find((r) => r.field === "greeting")).toMatchObject({ type: "string", declared: "false" });
  // Sprout's own fields in the log (position, started...) appear once, as its columns.
  expect(rows.filter((r) => r.field === "position").map((r) => r.description)).toEqual([expect.stringMatching(/^Sprout: /)]);

  const md = await download(`/admin/session/${s.name}/export/dictionary.md`);
  expect(md).toContain(`# Data dictionary: session ${s.name}`);
  expect(md).toContain("| age | basics | Intro | integer | Age |  | 18 to 99 | false | false |");
  expect(md).toContain("| payoff | player | basics | number |");
});

test("a page inside rounds() is per round", async () => {
  const s = await newSession(server, "pd_repeated", 2);
  const rows = await dictionary(s.name);
  const decisions = rows.filter((r) => r.app === "pd_repeated" && r.declared === "true" && r.page !== "");
  expect(decisions.length).toBeGreaterThan(0);
  expect(decisions.every((r) => r.perRound === "true")).toBe(true);
});

test("fields an app declares with stored(): listed once, as declared, on their level, with their kinds, even once written", async () => {
  const s = await newSession(server, "public_goods", 3);
  const player = s.players[0]!;
  const group = await server.db.group.create({ data: { sessionId: s.id, index: 1, name: "g1", members: JSON.stringify([player.id]) } });
  await server.db.$transaction((tx) =>
    recordWrites(tx, [
      { owner: { kind: "player", id: player.id, sessionId: s.id }, key: "payoff", value: 120.5, context: { app: "public_goods" }, provenance: { byKind: "hook" } },
      { owner: { kind: "group", id: group.id, sessionId: s.id }, key: "total", value: 150, context: { app: "public_goods" }, provenance: { byKind: "hook" } },
    ]),
  );
  const rows = await dictionary(s.name);
  expect(rows.filter((r) => r.field === "payoff")).toEqual([expect.objectContaining({ owner: "player", app: "public_goods", page: "", type: "number", declared: "true", label: expect.stringMatching(/^Points earned/) })]);
  expect(rows.filter((r) => r.field === "total")).toEqual([expect.objectContaining({ owner: "group", type: "integer", declared: "true", label: "Points the group put into the pot" })]);
  const md = await download(`/admin/session/${s.name}/export/dictionary.md`);
  expect(md).toContain("## Fields the apps declare for their code (roles, stored())");
  expect(md).toMatch(/\| total \| group \| public_goods \| integer \| Points the group put into the pot \|/);
});
