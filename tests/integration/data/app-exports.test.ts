import Papa from "papaparse";
import { playBot } from "@/lib/bots/bot";
import { api, newToken } from "../../helpers/api";
import { signInAutomatically } from "../../helpers/admin";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// An app's own exports and pipelines (public_goods: contributions and bonus; pd_repeated:
// cooperation as text): the admin's downloads, the API, and every bad request a clear 4xx.

let server: RunningServer;
let cookie: string;
let full: string;
let read: string;
let s: Awaited<ReturnType<typeof newSession>>;
beforeAll(async () => {
  server = await startServer();
  cookie = await signInAutomatically(server);
  full = await newToken(server, "full");
  read = await newToken(server, "read");
  s = await newSession(server, "public_goods", 3);
  await Promise.all(s.urls.map((url, playerIndex) => playBot({ url, playerIndex })));
});
afterAll(() => server?.stop());

async function download(path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });
  return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), body: await res.text() };
}

const exportPath = (app: string, name: string, query = "") => `/admin/session/${s.name}/app-export/${app}/${name}/${query}`;

async function payoffs(): Promise<Record<string, number>> {
  const values = await server.db.fieldValue.findMany({ where: { sessionId: s.id, ownerKind: "player", key: "payoff" } });
  const players = await server.db.player.findMany({ where: { sessionId: s.id } });
  return Object.fromEntries(values.map((v) => [players.find((p) => p.id === v.ownerId)!.name, Number(v.value)]));
}

test("a read-only export downloads its rows as CSV or JSON Lines, named after the session, app and export", async () => {
  const csv = await download(exportPath("public_goods", "contributions"));
  expect([csv.status, csv.type, csv.disposition]).toEqual([200, "text/csv; charset=utf-8", `attachment; filename="${s.name}-public_goods-contributions.csv"`]);
  const rows = Papa.parse<Record<string, string>>(csv.body, { header: true, skipEmptyLines: true }).data;
  const paid = await payoffs();
  expect(rows.map((r) => [r.player, Number(r.payoff)]).sort()).toEqual(Object.entries(paid).sort());
  expect(Object.keys(rows[0]!)).toEqual(["player", "group", "contribution", "payoff"]);
  const jsonl = await download(exportPath("public_goods", "contributions", "?format=jsonl"));
  expect([jsonl.type, jsonl.disposition]).toEqual(["application/x-ndjson; charset=utf-8", `attachment; filename="${s.name}-public_goods-contributions.jsonl"`]);
  expect(jsonl.body.trim().split("\n").map((l) => (JSON.parse(l) as { player: string }).player).sort()).toEqual(rows.map((r) => r.player).sort());
});

test("an export that returns text is a .txt download", async () => {
  const pd = await newSession(server, "pd_repeated", 4);
  await Promise.all(pd.urls.map((url, playerIndex) => playBot({ url, playerIndex })));
  const res = await fetch(`${server.url}/admin/session/${pd.name}/app-export/pd_repeated/cooperation/?format=jsonl`, { headers: { cookie } });
  expect([res.status, res.headers.get("content-type"), res.headers.get("content-disposition")]).toEqual([200, "text/plain; charset=utf-8", `attachment; filename="${pd.name}-pd_repeated-cooperation.txt"`]);
  expect((await res.text()).split("\n").filter(Boolean)).toEqual([expect.stringMatching(/^round 1: \d of 4 decisions cooperated$/), expect.stringMatching(/^round 2: /), expect.stringMatching(/^round 3: /)]);
});

test("bad requests get a 4xx that says what is wrong, never a 500", async () => {
  const cases: [string, number, string][] = [
    [exportPath("public_goods", "contributions", "?format=xlsx"), 400, 'format must be csv or jsonl, not "xlsx"'],
    [exportPath("public_goods", "contributions", "?input=%7B"), 400, "The input is not valid JSON"],
    [exportPath("public_goods", "contributions", "?input=%7B%22a%22%3A1%7D"), 400, "public_goods.contributions takes no input"],
    [exportPath("public_goods", "nothing"), 404, 'App "public_goods" has no export "nothing"'],
    [exportPath("trust", "contributions"), 404, `Session "${s.name}" has no app "trust"`],
    [exportPath("public_goods", "bonus"), 409, "public_goods.bonus is a pipeline"],
    [`/admin/session/nosuch/app-export/public_goods/contributions/`, 404, 'There is no session "nosuch"'],
  ];
  for (const [path, status, message] of cases) expect(await download(path)).toMatchObject({ status, body: expect.stringContaining(message) });
});

test("the API lists the exports with their input's schema and runs them", async () => {
  const list = await api(server, read, "GET", `/sessions/${s.name}/data/apps/`);
  expect(list.status).toBe(200);
  expect(list.body.exports.map((e: { app: string; name: string; changes: boolean }) => [e.app, e.name, e.changes])).toEqual([
    ["public_goods", "contributions", false],
    ["public_goods", "bonus", true],
  ]);
  expect(list.body.exports[1].input).toMatchObject({ type: "object", properties: { points: { type: "number", minimum: 0, maximum: 1000 } }, required: ["points"] });
  const rows = await api(server, read, "GET", `/sessions/${s.name}/data/apps/public_goods/contributions/?format=jsonl`);
  expect([rows.status, rows.headers.get("content-type")]).toEqual([200, "application/x-ndjson; charset=utf-8"]);
  // The API answers what its schemas refuse with 422 (docs/api.md), naming the parameter.
  const pdf = await api(server, read, "GET", `/sessions/${s.name}/data/apps/public_goods/contributions/?format=pdf`);
  expect([pdf.status, JSON.stringify(pdf.body)]).toEqual([422, expect.stringContaining("format")]);
});

test("a pipeline changes the session in one audited transaction, as the token's write; bad input changes nothing", async () => {
  const before = await payoffs();
  const path = `/sessions/${s.name}/data/apps/public_goods/bonus/`;
  expect((await api(server, read, "POST", path, { input: { points: 5 } })).status).toBe(403);
  const bad = await api(server, full, "POST", path, { input: { points: -1 } });
  expect(bad.status).toBe(422);
  expect(JSON.stringify(bad.body)).toContain("The input of public_goods.bonus is not valid: points:");
  expect((await api(server, full, "POST", path, { input: "five" })).status).toBe(422);
  expect((await api(server, full, "POST", path, {})).status).toBe(422);
  expect((await api(server, full, "POST", path, "{")).status).toBe(400);
  expect(await payoffs()).toEqual(before);

  const ran = await api(server, full, "POST", path, { input: { points: 5 } });
  expect(ran.status).toBe(200);
  expect(ran.body).toMatchObject({ changed: 6, text: null });
  expect(ran.body.rows.map((r: { player: string; payoff: number }) => [r.player, r.payoff]).sort()).toEqual(Object.entries(before).map(([p, v]) => [p, Math.round((v + 5) * 100) / 100]).sort());
  const after = await payoffs();
  for (const [p, v] of Object.entries(before)) expect(after[p]).toBeCloseTo(v + 5, 2);
  const writes = await server.db.fieldWrite.findMany({ where: { sessionId: s.id, key: "bonus" } });
  expect(writes.map((w) => [w.value, w.byKind, w.byName?.startsWith("token:"), w.hook, w.app, w.codeLine?.startsWith("experiments/public_goods/index.tsx:")])).toEqual(Array(3).fill(["5", "admin", true, "exports.bonus", "public_goods", true]));
  const audit = await server.db.auditEntry.findFirst({ where: { session: s.name, action: "session.pipeline" }, orderBy: { id: "desc" } });
  expect(JSON.parse(audit!.detail)).toEqual({ app: "public_goods", name: "bonus", input: { points: 5 }, changed: 6 });
  // Read-only exports can run by POST too (nothing to change); rounds.csv shows the new payoff as the app's value.
  expect((await api(server, full, "POST", `/sessions/${s.name}/data/apps/public_goods/contributions/`, {})).body).toMatchObject({ changed: 0, text: null });
  const rounds = Papa.parse<Record<string, string>>((await download(`/admin/session/${s.name}/export/rounds.csv`)).body, { header: true, skipEmptyLines: true }).data;
  expect(rounds.map((r) => [r.player, Number(r.payoff), r.bonus]).sort()).toEqual(Object.entries(after).map(([p, v]) => [p, v, "5"]).sort());
});
