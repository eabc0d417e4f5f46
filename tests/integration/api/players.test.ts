import { latestAudit } from "@/lib/store/audit";
import { api, newToken } from "../../helpers/api";
import { submitCurrent } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";

let server: RunningServer;
let token: string;
let names: string[];
const S = "monitor";
beforeAll(async () => {
  server = await startServer();
  token = await newToken(server, "full", "notebook");
  const made = await api(server, token, "POST", "/sessions/", { config: "basics", players: 4, name: S });
  names = made.body.links.players.map((p: { name: string }) => p.name);
  // The first two start (their start page's form is sent).
  for (const p of made.body.links.players.slice(0, 2)) await submitCurrent(p.url);
});
afterAll(() => server?.stop());

const call = (method: string, path: string, body?: unknown) => api(server, token, method, `/sessions/${S}/players${path}`, body);
const position = async (name: string) => (await server.db.player.findFirstOrThrow({ where: { name } })).position;

test("the list carries the default fields, or the ones chosen (monitor columns and the experiment's own fields)", async () => {
  const list = await call("GET", "/");
  expect(list.status).toBe(200);
  expect(list.body.players).toHaveLength(4);
  expect(list.body.players[0]).toEqual({ name: names[0], index: 0, label: "", page: expect.any(String), started: true, dropout: false, online: false });
  await call("PATCH", "/fields/", { players: [names[1]], fields: { bonus: 2.5 } });
  const chosen = await call("GET", "/?fields=index,bonus&fields=position");
  expect(chosen.body.players.slice(0, 2)).toEqual([
    { name: names[0], index: 0, bonus: null, position: 0 },
    { name: names[1], index: 1, bonus: 2.5, position: 0 },
  ]);
  const online = await call("GET", "/online/");
  expect(online.body.players[3]).toEqual({ name: names[3], online: false, lastSeen: null, page: null });
});

test("advance, revert and move to end move the players and are audited as the token", async () => {
  const advanced = await call("POST", "/advance/", { players: [names[0], names[2]] });
  expect(advanced).toMatchObject({ status: 200, body: { changed: 1, message: expect.stringMatching(/Advanced 1 player/) } });
  expect(await position(names[0]!)).toBe(1);
  expect((await call("POST", "/revert/", { players: [names[0]] })).body.changed).toBe(1);
  expect(await position(names[0]!)).toBe(0);
  expect((await call("POST", "/end/", { players: [names[0]] })).body.changed).toBe(1);
  const [audit] = await latestAudit(server.db, { session: S });
  expect(audit).toMatchObject({ admin: "token:notebook", action: "players.moveToEnd", detail: { players: [names[0]] } });
});

test("reload, message, redirect, dropout, newPlayer and grouping", async () => {
  expect((await call("POST", "/reload/", { players: names })).body.changed).toBe(4);
  expect((await call("POST", "/message/", { players: [names[1]], message: "Please wait" })).body.changed).toBe(1);
  expect((await call("POST", "/redirect/", { players: [names[1]], url: "https://example.org/" })).body.changed).toBe(1);
  expect((await call("POST", "/initialize/", { players: [names[1], names[3]] })).body).toEqual({ changed: 1, message: expect.any(String) });
  expect((await call("POST", "/group/", { players: [names[1], names[2]], mode: "same" })).body.message).toMatch(/Formed 1 group/);
  expect((await server.db.player.findFirstOrThrow({ where: { name: names[2] } })).groupId).not.toBeNull();
  expect((await call("POST", "/group/", { players: [names[1], names[2]], mode: "reset" })).body.changed).toBe(2);
  expect((await call("POST", "/group/", { players: [names[1], names[2]], mode: "bySize", size: 1, shuffle: true })).body.message).toMatch(/Formed 2 groups/);
  expect((await call("POST", "/dropout/", { players: [names[3]] })).body.changed).toBe(1);
  expect((await server.db.player.findFirstOrThrow({ where: { name: names[3] } })).dropout).toBe(true);
  const actions = (await latestAudit(server.db, { session: S, take: 8 })).map((a) => [a.admin, a.action]).reverse();
  expect(actions).toEqual(["players.reload", "players.message", "players.redirect", "players.runNewPlayer", "players.group.same", "players.group.reset", "players.group.bySize", "players.markDropout"].map((a) => ["token:notebook", a]));
});

test("set fields writes them as the token", async () => {
  expect((await call("PATCH", "/fields/", { players: [names[2]], fields: { note: "late" } })).body.changed).toBe(1);
  const write = await server.db.fieldWrite.findFirstOrThrow({ where: { key: "note" } });
  expect(write).toMatchObject({ byKind: "admin", byName: "token:notebook", value: '"late"' });
});

test("timeout moves the deadline of the players' current page (here, gives one) and is audited as the token", async () => {
  const player = await server.db.player.findFirstOrThrow({ where: { name: names[1] } });
  const res = await call("POST", "/timeout/", { players: [names[1], names[3]], seconds: 45 });
  expect(res).toMatchObject({ status: 200, body: { changed: 1, message: expect.stringMatching(/^Gave 1 player 45 s more/) } });
  const deadline = await server.db.deadline.findUniqueOrThrow({ where: { playerId_position: { playerId: player.id, position: player.position } } });
  expect(deadline.dueAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
  const [audit] = await latestAudit(server.db, { session: S });
  expect(audit).toMatchObject({ admin: "token:notebook", action: "players.adjustTimeout", detail: { seconds: 45, changed: 1 } });
});

test("the monitor's field columns: read, chosen (audited as the token), and carried by the player list", async () => {
  const before = await api(server, token, "GET", `/sessions/${S}/monitor/`);
  expect(before.body).toEqual({ fields: [], choices: expect.arrayContaining(["nickname", "age", "rating"]) });
  const put = await api(server, token, "PUT", `/sessions/${S}/monitor/`, { fields: ["age", "bonus"] });
  expect(put).toMatchObject({ status: 200, body: { fields: ["age", "bonus"] } });
  const [audit] = await latestAudit(server.db, { session: S });
  expect(audit).toMatchObject({ admin: "token:notebook", action: "session.monitorFields" });
  expect((await api(server, token, "PUT", `/sessions/${S}/monitor/`, { fields: "age" })).status).toBe(422);
  expect((await api(server, token, "PUT", `/sessions/${S}/monitor/`, { fields: Array.from({ length: 21 }, (_, i) => `f${i}`) })).body.fields).toHaveProperty(["fields"]);
  expect((await api(server, token, "GET", "/sessions/ghost/monitor/")).status).toBe(404);
  expect((await api(server, token, "GET", `/sessions/${S}/monitor/`)).body.fields).toEqual(["age", "bonus"]);
});

test.each([
  ["timeout", "no seconds", { players: ["x"] }, "seconds"],
  ["timeout", "0 seconds", { players: ["x"], seconds: 0 }, "seconds"],
  ["timeout", "seconds as text", { players: ["x"], seconds: "60" }, "seconds"],
  ["timeout", "a day and a second", { players: ["x"], seconds: 86_401 }, "seconds"],
  ["advance", "no players", {}, "players"],
  ["advance", "an empty list", { players: [] }, "players"],
  ["advance", "a number for a name", { players: [1] }, "players.0"],
  ["advance", "an unknown key", { players: ["x"], speed: 2 }, "speed"],
  ["message", "no message", { players: ["x"] }, "message"],
  ["message", "an empty message", { players: ["x"], message: "" }, "message"],
  ["redirect", "no url", { players: ["x"] }, "url"],
  ["fields", "fields as a list", { players: ["x"], fields: [1] }, "fields"],
  ["group", "an unknown mode", { players: ["x"], mode: "pairs" }, "mode"],
  ["group", "bySize without a size", { players: ["x"], mode: "bySize" }, "size"],
  ["group", "a size of 0", { players: ["x"], mode: "bySize", size: 0 }, "size"],
])("%s with %s is a 422 naming the field", async (action, _what, body, field) => {
  const res = await call(action === "fields" ? "PATCH" : "POST", `/${action}/`, body);
  expect(res.status).toBe(422);
  expect(res.body.fields).toHaveProperty([field]);
});

test("the engine's own refusals name the field too: a redirect that is not http(s), a reserved field, an uneven split", async () => {
  const redirect = await call("POST", "/redirect/", { players: [names[1]], url: "javascript:alert(1)" });
  expect(redirect.status).toBe(422);
  expect(Object.keys(redirect.body.fields)).toEqual(["url"]);
  const reserved = await call("PATCH", "/fields/", { players: [names[1]], fields: { group: 1 } });
  expect([reserved.status, Object.keys(reserved.body.fields)]).toEqual([422, ["fields"]]);
  expect((await call("POST", "/group/", { players: [names[0], names[1], names[2]], mode: "bySize", size: 2 })).status).toBe(422);
});

test("unknown sessions and players are 404; moving players of a paused session is 409", async () => {
  expect((await api(server, token, "POST", "/sessions/ghost/players/advance/", { players: ["x"] })).status).toBe(404);
  expect((await api(server, token, "GET", "/sessions/ghost/players/")).status).toBe(404);
  expect((await api(server, token, "GET", "/sessions/ghost/players/online/")).status).toBe(404);
  const unknown = await call("POST", "/advance/", { players: ["nobody"] });
  expect(unknown).toMatchObject({ status: 404, body: { error: expect.stringContaining('"nobody"') } });
  await api(server, token, "PATCH", `/sessions/${S}/active/`, { active: false });
  expect((await call("POST", "/advance/", { players: [names[1]] })).status).toBe(409);
  await api(server, token, "PATCH", `/sessions/${S}/active/`, { active: true });
});
