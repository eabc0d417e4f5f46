import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { OPERATIONS } from "@/lib/api/operations";
import { api, newToken } from "../../helpers/api";
import { ROOT } from "../../helpers/paths";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// The served document against what exists: the route files on disk, and real answers.

let server: RunningServer;
let token: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;
beforeAll(async () => {
  server = await startServer();
  token = await newToken(server);
  const res = await api(server, token, "GET", "/openapi.json");
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(() => server?.stop());

const API_DIR = path.join(ROOT, "app/admin/api/v1");
const routeFiles = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : []));

/** "app/admin/api/v1/sessions/[sname]/route.ts" → "/sessions/{sname}/" (file names like openapi.json keep no slash) */
function pathOf(file: string): string {
  const segments = path.relative(API_DIR, path.dirname(file)).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, "{$1}"));
  const last = segments.at(-1)!;
  return `/${segments.join("/")}${/\.|^\{format\}$/.test(last) ? "" : "/"}`;
}

test("the document lists exactly the routes that exist, each route file serving the path of its place", () => {
  const files = routeFiles(API_DIR);
  for (const file of files) expect(fs.readFileSync(file, "utf8")).toContain(`apiRoute(${JSON.stringify(pathOf(file))})`);
  const onDisk = files.map(pathOf).sort();
  expect(Object.keys(doc.paths).sort()).toEqual(onDisk);
  const documented = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods as object).map((m) => `${m.toUpperCase()} ${p}`));
  expect(documented.sort()).toEqual(OPERATIONS.map((o) => `${o.method} ${o.path}`).sort());
  expect(doc.openapi).toBe("3.1.0");
});

test("every method a route does not document is refused with 405", async () => {
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => !(m.toLowerCase() in (methods as object)))) {
      const url = p.replace("{sname}", "x").replace("{room}", "x").replace("{cname}", "x").replace("{pname}", "x").replace("{format}", "wide.csv");
      expect([m, p, (await api(server, token, m, url)).status]).toEqual([m, p, 405]);
    }
  }
});

/** Checks an answer against the document's schema for that operation and status. */
function conforms(method: string, p: string, status: number, body: unknown) {
  const response = doc.paths[p]?.[method.toLowerCase()]?.responses?.[String(status)];
  expect([method, p, status, response !== undefined]).toEqual([method, p, status, true]);
  const schema = response.content["application/json"]?.schema;
  if (!schema) return;
  const result = z.fromJSONSchema(schema).safeParse(body);
  expect([method, p, result.success ? "ok" : JSON.stringify(result.error.issues.slice(0, 3))]).toEqual([method, p, "ok"]);
}

test("real answers validate against the document: every read, and the changing operations", async () => {
  const s = await newSession(server, "basics", 2);
  const names = s.players.map((p) => p.name);
  const fill = (p: string) => p.replace("{sname}", s.name).replace("{room}", "fixture_lab").replace("{cname}", "basics").replace("{format}", "wide.csv").replace("{pname}", names[0]!).replace("{app}", "basics").replace("{name}", "answers");
  for (const op of OPERATIONS.filter((o) => o.method === "GET")) {
    const res = await api(server, token, "GET", fill(op.path));
    expect([op.path, res.status]).toEqual([op.path, 200]);
    conforms("GET", op.path, 200, res.body);
  }
  const calls: [string, string, unknown][] = [
    ["POST", "/sessions/", { config: "basics", players: 1 }],
    ["PATCH", "/sessions/{sname}/active/", { active: true }],
    ["PATCH", "/sessions/{sname}/description/", { description: "d" }],
    ["POST", "/sessions/{sname}/initialize/", undefined],
    ["POST", "/sessions/{sname}/players/reload/", { players: names }],
    ["PATCH", "/sessions/{sname}/players/fields/", { players: names, fields: { x: 1 } }],
    ["POST", "/sessions/{sname}/data/apps/{app}/{name}/", {}],
    ["POST", "/sessions/{sname}/chat/", { players: names, text: "hello" }],
    ["POST", "/sessions/{sname}/chat/replies/", { players: names, allowed: true }],
    ["POST", "/sessions/{sname}/chat/threads/{pname}/read/", undefined],
    ["POST", "/rooms/", { name: "doc-room" }],
    ["PATCH", "/rooms/{room}/capacity/", { capacity: 4 }],
    ["DELETE", "/rooms/doc-room/", undefined],
  ];
  for (const [method, p, body] of calls) {
    const res = await api(server, token, method, fill(p), body);
    const documented = p === "/rooms/doc-room/" ? "/rooms/{room}/" : p;
    conforms(method, documented, res.status, res.body);
  }
  // Refusals validate too.
  conforms("GET", "/sessions/{sname}/", 404, (await api(server, token, "GET", "/sessions/ghost/")).body);
  conforms("POST", "/sessions/", 422, (await api(server, token, "POST", "/sessions/", {})).body);
  conforms("POST", "/sessions/", 400, (await api(server, token, "POST", "/sessions/", "{")).body);
  conforms("GET", "/configs/", 401, (await api(server, null, "GET", "/configs/")).body);
});

test("status masks secrets; the dump is the whole database", async () => {
  const status = await api(server, token, "GET", "/status/");
  expect(status.body.database.kind).toEqual(expect.any(String));
  expect(JSON.stringify(status.body)).not.toContain(token);
  const dump = await fetch(`${server.url}/admin/api/v1/dump/`, { headers: { authorization: `Bearer ${token}` } });
  expect(dump.headers.get("content-type")).toContain("application/x-ndjson");
  const lines = (await dump.text()).trim().split("\n");
  expect(lines.length).toBeGreaterThan(5);
  expect(JSON.parse(lines[0]!)).toHaveProperty("format");
});

test("docs/api.md is generated from the document (npm run docs:api rewrites it)", async () => {
  const { apiMarkdown } = await import("@/lib/api/markdown");
  expect(fs.readFileSync(path.join(ROOT, "docs/api.md"), "utf8")).toBe(apiMarkdown(doc));
});
