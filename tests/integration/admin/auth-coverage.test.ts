import fs from "node:fs";
import path from "node:path";
import { adminSocketHandlers } from "@/lib/realtime/admins";
import { adminGet, connectAdmin, signInAutomatically } from "../../helpers/admin";
import { ROOT, TEST_BUILD_DIR } from "../../helpers/paths";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// Everything an admin can reach is found from the code, not from a list kept by hand: page
// and route files under app/admin, the server actions of the build's manifest (checked
// against the "use server" files), and the admin socket's handler map.

const APP = path.join(ROOT, "app");
const LOGIN = "/admin/login/";

function filesUnder(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, name) : e.name === name ? [full] : [];
  });
}

/** A room the test project defines (it exists from the start). */
const ROOM = "fixture_lab";

/** "app/admin/(signed-in)/session/[sname]/page.tsx" → "/admin/session/<sname>/" (and [name] → the room) */
function urlOf(file: string, sname: string): string {
  const segments = path.relative(APP, path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
  return `/${segments.map((s) => (s === "[sname]" ? sname : s === "[name]" ? ROOM : s)).join("/")}/`;
}

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const routeMethods = (file: string) => HTTP_METHODS.filter((m) => new RegExp(`export (async )?function ${m}\\b|export \\{[^}]*\\bas ${m}\\b`).test(fs.readFileSync(file, "utf8")));

/** Every exported server action of every "use server" file under app/. */
function declaredActions(): string[] {
  return fs
    .readdirSync(APP, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .flatMap((f) => {
      const text = fs.readFileSync(path.join(APP, f), "utf8");
      if (!/^\s*["']use server["']/.test(text)) return [];
      return [...text.matchAll(/export (?:const|async function) (\w+)/g)].map((m) => `app/${f}#${m[1]}`);
    })
    .sort();
}

interface ManifestAction {
  id: string;
  name: string;
  /** a page that serves it, as a URL */
  url: string;
}

function builtActions(sname: string): ManifestAction[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, TEST_BUILD_DIR, "server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, a]) => ({
    id,
    name: `${a.filename}#${a.exportedName}`,
    url: urlOf(path.join(ROOT, Object.keys(a.workers)[0]!), sname),
  }));
}

/** Calls a server action over HTTP the way Next's client does. */
async function callAction(server: RunningServer, action: ManifestAction, cookie?: string): Promise<string> {
  const res = await fetch(`${server.url}${action.url}`, {
    method: "POST",
    headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", origin: server.url, accept: "text/x-component", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify([null, null]),
  });
  expect(res.status).toBeLessThan(500);
  return res.text();
}

/** What an admin action could have changed. */
async function snapshot(server: RunningServer) {
  const [sessions, rooms, audit, writes, logins] = await Promise.all([
    server.db.session.findMany({ orderBy: { id: "asc" } }),
    server.db.room.findMany({ orderBy: { id: "asc" }, omit: { joins: true } }),
    server.db.auditEntry.count(),
    server.db.fieldWrite.count(),
    server.db.adminLogin.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { sessions, rooms, audit, writes, logins };
}

let server: RunningServer;
let sname: string;
let pname: string;
let secret: string;
let revokedCookie: string;
beforeAll(async () => {
  server = await startServer();
  const s = await newSession(server, "basics", 2);
  ({ name: sname, secret } = s);
  pname = s.players[0]!.name;
  revokedCookie = await signInAutomatically(server);
  await server.db.$transaction((tx) => tx.adminLogin.updateMany({ data: { revokedAt: new Date() } }));
});
afterAll(() => server?.stop());

const callers = () => [
  ["anonymous", undefined],
  ["revoked", revokedCookie],
] as const;

test("every admin page sends an anonymous or revoked caller to the login page, showing nothing", async () => {
  const pages = filesUnder(path.join(APP, "admin"), "page.tsx").map((f) => urlOf(f, sname)).filter((u) => u !== LOGIN);
  expect(pages).toEqual(expect.arrayContaining(["/admin/", "/admin/dashboard/", "/admin/sessions/", "/admin/sessions/new/", `/admin/session/${sname}/`, "/admin/status/", "/admin/rooms/", "/admin/rooms/new/", `/admin/room/${ROOM}/`]));
  for (const [, cookie] of callers()) {
    for (const url of pages) {
      const res = await adminGet(server, url, cookie);
      expect([url, res.url]).toEqual([url, `${server.url}${LOGIN}`]);
      expect(await res.text()).not.toContain(secret);
    }
  }
});

test("every admin route handler refuses an anonymous or revoked caller", async () => {
  // The API (app/admin/api) answers 401 JSON instead: tests/integration/api covers it.
  const routes = filesUnder(path.join(APP, "admin"), "route.ts").filter((f) => !f.startsWith(path.join(APP, "admin", "api") + path.sep)).flatMap((f) => routeMethods(f).map((m) => [m, urlOf(f, sname)] as const));
  expect(routes.length).toBeGreaterThan(0);
  for (const [, cookie] of callers()) {
    const before = await snapshot(server);
    for (const [method, url] of routes) {
      const res = await fetch(`${server.url}${url}`, { method, redirect: "manual", headers: cookie ? { cookie } : {} });
      expect([method, url, res.status]).toEqual([method, url, 303]);
      expect(res.headers.get("location")).toMatch(/^\/admin\/login\//);
    }
    expect(await snapshot(server)).toEqual(before);
  }
});

test("every server action refuses an anonymous or revoked caller before reading its arguments, and changes nothing", async () => {
  const actions = builtActions(sname);
  expect(actions.map((a) => a.name).sort()).toEqual(declaredActions());
  expect(actions.length).toBeGreaterThanOrEqual(7);
  for (const [, cookie] of callers()) {
    const before = await snapshot(server);
    for (const action of actions) {
      const body = await callAction(server, action, cookie);
      expect([action.name, body]).toEqual([action.name, expect.stringContaining('"status":401')]);
    }
    expect(await snapshot(server)).toEqual(before);
  }
});

test("a signed-in admin's action call gets past the check (the test above can fail)", async () => {
  const cookie = await signInAutomatically(server);
  const action = builtActions(sname).find((a) => a.name.endsWith("#setDescriptionAction"))!;
  const body = await callAction(server, action, cookie);
  expect(body).toContain('"status":400');
  expect(body).not.toContain('"status":401');
});

test("the admin socket refuses anonymous and revoked callers, and every event re-checks the login", async () => {
  const events = Object.keys(adminSocketHandlers) as (keyof typeof adminSocketHandlers)[];
  expect(events.length).toBeGreaterThan(0);
  for (const [, cookie] of callers()) await expect(connectAdmin(server, cookie)).rejects.toThrow(/signed out/);

  // One payload fits every event (each takes the fields it needs).
  const payload = { sname, room: ROOM, player: pname };
  for (const event of events) {
    const cookie = await signInAutomatically(server);
    const socket = await connectAdmin(server, cookie);
    try {
      // Working while the login works (no deadline of its own for the answer: Jest's is enough)...
      expect([event, (await socket.emitWithAck(event, payload)).ok]).toEqual([event, true]);
      // ...and refused once it is revoked behind the socket's back (no cut-off push): each event checks.
      await server.db.$transaction((tx) => tx.adminLogin.updateMany({ data: { revokedAt: new Date() } }));
      const reply = await socket.emitWithAck(event, payload);
      expect([event, reply]).toEqual([event, { ok: false, error: expect.stringMatching(/signed out/) }]);
    } finally {
      socket.close();
    }
  }
});

test("an admin socket from another site's page is refused even with a valid login", async () => {
  const cookie = await signInAutomatically(server);
  const { io } = await import("socket.io-client");
  const socket = io(`${server.url}/admin`, { transports: ["websocket"], reconnection: false, extraHeaders: { origin: "https://evil.example", cookie } });
  const error = await new Promise<Error>((resolve) => socket.once("connect_error", resolve));
  socket.close();
  expect(error.message).toMatch(/this site's pages only/);
});
