import { latestAudit } from "@/lib/store/audit";
import { api, newToken } from "../../helpers/api";
import { startServer, type RunningServer } from "../../helpers/server";

let server: RunningServer;
let token: string;
beforeAll(async () => {
  server = await startServer();
  token = await newToken(server, "full", "booking");
});
afterAll(() => server?.stop());

const call = (method: string, path: string, body?: unknown) => api(server, token, method, path, body);

test("create, list, show, update, open and close, capacity, delete: each audited as the token", async () => {
  const made = await call("POST", "/rooms/", { name: "lab2", config: "basics", labels: ["A1", "A2"] });
  expect(made.status).toBe(201);
  expect(made.body).toMatchObject({ name: "lab2", config: "basics", labels: ["A1", "A2"], capacity: null, effectiveCapacity: 2, open: true, session: null, joinedLabels: [], url: `${server.url}/room/lab2/` });
  expect((await call("GET", "/rooms/")).body.rooms.map((r: { name: string }) => r.name)).toContain("lab2");
  expect((await call("GET", "/rooms/lab2/")).body).toEqual(made.body);
  const updated = await call("PATCH", "/rooms/lab2/", { capacity: 5, labels: null });
  expect(updated.body).toMatchObject({ config: "basics", labels: null, capacity: 5, open: true });
  expect((await call("PATCH", "/rooms/lab2/open/", { open: false })).body.open).toBe(false);
  expect((await call("PATCH", "/rooms/lab2/capacity/", { capacity: null })).body.capacity).toBeNull();
  expect(await call("DELETE", "/rooms/lab2/")).toMatchObject({ status: 200, body: { name: "lab2", deleted: true } });
  expect((await call("GET", "/rooms/lab2/")).status).toBe(404);
  const actions = (await latestAudit(server.db, { take: 5 })).map((a) => [a.admin, a.action]).reverse();
  expect(actions).toEqual(["room.create", "room.update", "room.close", "room.capacity", "room.delete"].map((a) => ["token:booking", a]));
});

test("a session in a room: created (201) with the room opened, then disassociated and the room closed", async () => {
  await call("POST", "/rooms/", { name: "lab3" });
  const made = await call("POST", "/rooms/lab3/sessions/", { config: "basics", players: 3, name: "in-lab3", assignees: ["seat1"], fixCapacity: true });
  expect(made.status).toBe(201);
  expect(made.body).toMatchObject({ name: "in-lab3", room: "lab3", players: 3 });
  expect((await call("GET", "/rooms/lab3/")).body).toMatchObject({ open: true, capacity: 3, session: { name: "in-lab3", players: 3 } });
  expect((await call("POST", "/rooms/lab3/sessions/", { config: "basics", players: 1 })).status).toBe(409);
  expect((await call("PATCH", "/rooms/lab3/", { open: false })).status).toBe(409);
  expect((await call("DELETE", "/rooms/lab3/")).status).toBe(409);
  expect(await call("DELETE", "/rooms/lab3/sessions/?close=true")).toMatchObject({ status: 200, body: { session: "in-lab3", closed: true } });
  expect((await call("GET", "/rooms/lab3/")).body).toMatchObject({ open: false, session: null });
  expect((await call("DELETE", "/rooms/lab3/sessions/")).status).toBe(409);
  const [audit] = await latestAudit(server.db, { take: 1 });
  expect(audit).toMatchObject({ admin: "token:booking", action: "room.disassociate" });
});

test.each([
  ["POST", "/rooms/", "no name", {}, "name"],
  ["POST", "/rooms/", "a bad name", { name: "a b" }, "name"],
  ["POST", "/rooms/", "an unknown config", { name: "r1", config: "nope" }, "config"],
  ["POST", "/rooms/", "labels as text", { name: "r1", labels: "A1" }, "labels"],
  ["POST", "/rooms/", "a capacity of 0", { name: "r1", capacity: 0 }, "capacity"],
  ["POST", "/rooms/", "an unknown key", { name: "r1", size: 3 }, "size"],
  ["PATCH", "/rooms/fixture_lab/", "open as text", { open: "yes" }, "open"],
  ["PATCH", "/rooms/fixture_lab/open/", "no open", {}, "open"],
  ["PATCH", "/rooms/fixture_lab/capacity/", "a fraction", { capacity: 1.5 }, "capacity"],
  ["POST", "/rooms/fixture_lab/sessions/", "no config", { players: 1 }, "config"],
  ["POST", "/rooms/fixture_lab/sessions/", "assignees as text", { config: "basics", players: 1, assignees: "A" }, "assignees"],
])("%s %s with %s is a 422 naming the field", async (method, path, _what, body, field) => {
  const res = await call(method, path, body);
  expect(res.status).toBe(422);
  expect(res.body.fields).toHaveProperty([field]);
});

test("a room name taken is a 422 on name; the close flag must be true or false", async () => {
  await call("POST", "/rooms/", { name: "twice" });
  const again = await call("POST", "/rooms/", { name: "twice" });
  expect([again.status, Object.keys(again.body.fields)]).toEqual([422, ["name"]]);
  expect((await call("DELETE", "/rooms/twice/sessions/?close=maybe")).status).toBe(422);
});

test.each([
  ["GET", "/rooms/ghost/", undefined],
  ["PATCH", "/rooms/ghost/", {}],
  ["DELETE", "/rooms/ghost/", undefined],
  ["PATCH", "/rooms/ghost/open/", { open: true }],
  ["PATCH", "/rooms/ghost/capacity/", { capacity: 2 }],
  ["POST", "/rooms/ghost/sessions/", { config: "basics", players: 1 }],
  ["DELETE", "/rooms/ghost/sessions/", undefined],
])("%s %s of an unknown room is a 404", async (method, path, body) => {
  expect(await call(method, path, body)).toMatchObject({ status: 404, body: { error: 'There is no room "ghost"' } });
});
