import { latestAudit } from "@/lib/store/audit";
import { api, newToken } from "../../helpers/api";
import { getPage } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";

let server: RunningServer;
let token: string;
beforeAll(async () => {
  server = await startServer();
  token = await newToken(server, "full", "lab-script");
});
afterAll(() => server?.stop());

const call = (method: string, path: string, body?: unknown) => api(server, token, method, path, body);

test("configs: the list and one config; an unknown one is 404", async () => {
  const list = await call("GET", "/configs/");
  expect(list.status).toBe(200);
  expect(list.body.configs).toContainEqual({ name: "basics", description: expect.any(String), apps: ["basics", "finale"], settings: { greeting: "hello there" }, suggestedMultiple: 1 });
  expect((await call("GET", "/configs/basics/")).body.apps).toEqual(["basics", "finale"]);
  expect(await call("GET", "/configs/nope/")).toMatchObject({ status: 404, body: { error: 'There is no config "nope"' } });
});

test("create a session (201) with working links, audited as the token; it is listed and shown", async () => {
  const made = await call("POST", "/sessions/", { config: "basics", players: 2, name: "api-made", settings: { greeting: "hi" }, description: "from R", testing: true });
  expect(made.status).toBe(201);
  expect(made.body).toMatchObject({ name: "api-made", config: "basics", players: 2, active: true, testing: true, description: "from R", settings: { greeting: "hi" } });
  expect(made.body.links.players).toHaveLength(2);
  expect((await getPage(made.body.links.players[0].url)).status).toBe(200);
  expect(made.body.links.session).toMatch(new RegExp(`^${server.url}/s/api-made/\\w+/$`));
  const [audit] = await latestAudit(server.db, { session: "api-made" });
  expect(audit).toMatchObject({ admin: "token:lab-script", action: "session.create" });
  const writes = await server.db.fieldWrite.findMany({ where: { key: "config" }, orderBy: { seq: "desc" }, take: 1 });
  expect(writes[0]).toMatchObject({ byKind: "admin", byName: "token:lab-script" });

  const list = await call("GET", "/sessions/?testing=only");
  expect(list.body.sessions.map((s: { name: string }) => s.name)).toEqual(["api-made"]);
  expect((await call("GET", "/sessions/?testing=hide")).body.sessions.map((s: { name: string }) => s.name)).not.toContain("api-made");
  expect((await call("GET", "/sessions/api-made/")).body).toEqual(made.body);
});

test.each([
  [{ players: 1 }, "config"],
  [{ config: "nope", players: 1 }, "config"],
  [{ config: "basics", players: "two" }, "players"],
  [{ config: "basics", players: 0 }, "players"],
  [{ config: "basics", players: 1.5 }, "players"],
  [{ config: "basics", players: 2, playerNames: ["a"] }, "playerNames"],
  [{ config: "basics", players: 1, settings: [1] }, "settings"],
  [{ config: "basics", players: 1, name: "bad name!" }, "name"],
  [{ config: "basics", players: 1, colour: "red" }, "colour"],
])("creating a session with %j is a 422 naming %s", async (body, field) => {
  const res = await call("POST", "/sessions/", body);
  expect(res.status).toBe(422);
  expect(res.body).toEqual({ error: expect.any(String), fields: expect.objectContaining({ [field]: expect.any(String) }) });
});

test("a body that is not JSON is a 400; a name taken is a 409", async () => {
  const res = await call("POST", "/sessions/", "{config: basics");
  expect(res.status).toBe(400);
  expect(res.body.error).toMatch(/not valid JSON/);
  await call("POST", "/sessions/", { config: "basics", players: 1, name: "taken" });
  expect((await call("POST", "/sessions/", { config: "basics", players: 1, name: "taken" })).status).toBe(409);
});

test("session controls: pause and resume, testing, description, settings, newSession; each audited as the token", async () => {
  await call("POST", "/sessions/", { config: "basics", players: 1, name: "controlled" });
  expect(await call("PATCH", "/sessions/controlled/active/", { active: false })).toMatchObject({ status: 200, body: { active: false } });
  expect((await server.db.session.findUniqueOrThrow({ where: { name: "controlled" } })).active).toBe(false);
  expect((await call("PATCH", "/sessions/controlled/active/", { active: true })).body).toEqual({ active: true });
  expect((await call("PATCH", "/sessions/controlled/testing/", { testing: true })).body).toEqual({ testing: true });
  expect((await call("PATCH", "/sessions/controlled/description/", { description: "  night run " })).body).toEqual({ description: "night run" });
  expect((await call("PATCH", "/sessions/controlled/settings/", { settings: { greeting: "yo" } })).body).toEqual({ settings: { greeting: "yo" } });
  expect(await call("POST", "/sessions/controlled/initialize/")).toMatchObject({ status: 200, body: { hooks: expect.any(Number) } });
  const actions = (await latestAudit(server.db, { session: "controlled" })).map((a) => [a.admin, a.action]);
  expect(actions.slice(0, 6)).toEqual(["session.runNewSession", "session.updateSettings", "session.describe", "session.markTesting", "session.resume", "session.pause"].map((a) => ["token:lab-script", a]));
});

test.each([
  ["active", '"yes"', { active: "yes" }],
  ["active", "missing", {}],
  ["testing", "1", { testing: 1 }],
  ["description", "5", { description: 5 }],
  ["description", "of 10,001 characters", { description: "x".repeat(10_001) }],
  ["settings", 'as text', { settings: "{}" }],
  ["settings", "a list", { settings: [1] }],
])("PATCH %s, %s, is a 422 naming the field", async (control, _label, body) => {
  await call("POST", "/sessions/", { config: "basics", players: 1, name: "validated" }).catch(() => undefined);
  const res = await call("PATCH", `/sessions/validated/${control}/`, body);
  expect(res.status).toBe(422);
  expect(Object.keys(res.body.fields)).toEqual([control]);
});

test.each([
  ["GET", "/sessions/ghost/", undefined],
  ["PATCH", "/sessions/ghost/active/", { active: false }],
  ["PATCH", "/sessions/ghost/testing/", { testing: false }],
  ["PATCH", "/sessions/ghost/description/", { description: "" }],
  ["PATCH", "/sessions/ghost/settings/", { settings: {} }],
  ["POST", "/sessions/ghost/initialize/", undefined],
])("%s %s of an unknown session is a 404", async (method, path, body?: object) => {
  expect(await call(method, path, body)).toMatchObject({ status: 404, body: { error: 'There is no session "ghost"' } });
});

test("query mistakes are 422 naming the parameter", async () => {
  expect((await call("GET", "/sessions/?testing=maybe")).body.fields).toHaveProperty("testing");
  expect((await call("GET", "/sessions/?active=perhaps")).body.fields).toHaveProperty("active");
  expect((await call("GET", "/sessions/?colour=red")).status).toBe(422);
});

test("the dashboard: running sessions, rooms and configs", async () => {
  await call("POST", "/sessions/", { config: "basics", players: 1, name: "on-dashboard" });
  const res = await call("GET", "/dashboard/");
  expect(res.status).toBe(200);
  expect(res.body.activeSessions.map((s: { name: string }) => s.name)).toContain("on-dashboard");
  expect(res.body.rooms.map((r: { name: string }) => r.name)).toContain("fixture_lab");
  expect(res.body.configs.map((c: { name: string }) => c.name)).toContain("basics");
});
