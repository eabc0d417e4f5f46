import net from "node:net";
import { createRoom } from "@/lib/engine/rooms/rooms";
import { signInAutomatically } from "../../helpers/admin";
import { TEST_ENGINE } from "../../helpers/engine";
import { submitCurrent } from "../../helpers/participant";
import { freshDatabaseUrl, startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// The security headers of lib/server/security-headers.ts on every kind of answer, and the
// per-request nonce on every <script> of the HTML (docs/security.md). The browser side (no
// violations while the pages work) is tests/e2e/content-security-policy.test.ts.

let server: RunningServer;
let cookie: string;
beforeAll(async () => {
  server = await startServer();
  cookie = await signInAutomatically(server);
});
afterAll(() => server?.stop());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: "manual" });

/** The nonce of a response's policy (its script-src must have one). */
function nonceOf(res: Response): string {
  const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
  if (!nonce) throw new Error(`no nonce in ${res.headers.get("content-security-policy")}`);
  return nonce;
}

/** Checks the headers every page has and that each <script> carries the response's nonce; returns the HTML. */
async function expectProtectedPage(res: Response, { participant, withoutScripts = false }: { participant: boolean; withoutScripts?: boolean }): Promise<string> {
  const policy = res.headers.get("content-security-policy") ?? "";
  const scriptSrc = policy.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src "));
  expect(scriptSrc).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]+={0,2}' 'strict-dynamic'$/);
  for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'", "connect-src 'self'", "img-src 'self' data:"]) expect(policy.split("; ")).toContain(directive);
  expect(policy).not.toMatch(/unsafe-eval/);
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("same-origin");
  expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  // Plain http, no trusted proxy: no HSTS.
  expect(res.headers.get("strict-transport-security")).toBeNull();
  expect(res.headers.get("x-robots-tag")).toBe(participant ? "noindex, nofollow" : null);
  const html = await res.text();
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  const nonce = nonceOf(res);
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  // Every page with a script carries the nonce on each (a participant's not-found page has none).
  if (!withoutScripts) expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(` nonce="${nonce}"`);
  if (participant) expect(html).toMatch(/<meta name="robots" content="noindex[^"]*"/);
  return html;
}

test("admin pages: a policy with a fresh nonce per request, on every script of the page", async () => {
  const s = await newSession(server, "basics");
  for (const path of ["/admin/dashboard/", "/admin/sessions/", "/admin/sessions/new/", `/admin/session/${s.name}/`, `/admin/session/${s.name}/data/`, "/admin/rooms/", "/admin/status/"]) {
    const res = await get(path, { cookie });
    expect([path, res.status]).toEqual([path, 200]);
    await expectProtectedPage(res, { participant: false });
  }
  const [a, b] = [await get("/admin/dashboard/", { cookie }), await get("/admin/dashboard/", { cookie })];
  expect(nonceOf(a)).not.toBe(nonceOf(b));
  // The sign-in page, signed out.
  await expectProtectedPage(await get("/admin/login/"), { participant: false });
});

test("participant pages: the start page's own script and Next's carry the nonce; noindex", async () => {
  const s = await newSession(server, "basics");
  const path = new URL(s.urls[0]!).pathname;
  const start = await expectProtectedPage(await get(path), { participant: true });
  // The start page posts itself by an inline script of Sprout's own.
  expect(start).toContain("requestSubmit()");
  await submitCurrent(s.urls[0]!);
  await expectProtectedPage(await get(path), { participant: true });
});

test("a client's own policy or nonce never reaches the page", async () => {
  const s = await newSession(server, "basics");
  const res = await get(new URL(s.urls[0]!).pathname, { "content-security-policy": "script-src 'nonce-chosenbyclient'", "x-nonce": "chosenbyclient" });
  const html = await expectProtectedPage(res, { participant: true });
  expect(html).not.toContain("chosenbyclient");
});

test("pages written outside the app router: a room's pages and the sessionwide link", async () => {
  // A room without access codes or a session yet: its link asks for a place by an auto-POST...
  await createRoom(server.db, "admin", "waiting", { config: null, labels: null, capacity: null, open: true });
  const join = await expectProtectedPage(await get("/room/waiting/"), { participant: true });
  expect(join).toContain("requestSubmit()");
  // ...which leads to the waiting page, with the socket.io client and its inline script.
  const posted = await fetch(`${server.url}/room/waiting/`, { method: "POST", body: new URLSearchParams({ label: "" }), redirect: "manual" });
  expect(posted.status).toBe(303);
  const waiting = await expectProtectedPage(await get(posted.headers.get("location")!, { cookie: posted.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") }), { participant: true });
  expect(waiting).toContain('src="/socket.io/socket.io.min.js"');
  expect(waiting).toContain('io("/room"');

  const s = await newSession(server, "basics");
  const secret = (await server.db.session.findUniqueOrThrow({ where: { id: s.id } })).secret;
  await expectProtectedPage(await get(`/s/${s.name}/${secret}/`), { participant: true });
});

test("the pages that were prerendered are rendered per request now: home and not-found", async () => {
  const home = await get("/");
  expect(home.status).toBe(200);
  await expectProtectedPage(home, { participant: false });
  const missing = await fetch(`${server.url}/p/no-such-session/no-such-player/`);
  expect(missing.status).toBe(404);
  // The participant's 404 is a whole page (it works without JavaScript), under the policy too.
  const html = await expectProtectedPage(missing, { participant: true, withoutScripts: true });
  expect(html).toContain("There is nothing at this address");
});

test("health answers and static files: the plain headers; static files keep their caching and get no policy", async () => {
  const health = await get("/api/health/live/");
  expect(health.status).toBe(200);
  expect(health.headers.get("x-content-type-options")).toBe("nosniff");
  expect(health.headers.get("cache-control")).toBe("no-store");

  const html = await (await get("/")).text();
  const asset = /(?:src|href)="(\/_next\/static\/[^"]+\.(?:js|css))"/.exec(html)?.[1];
  expect(asset).toBeDefined();
  const res = await get(asset!);
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect(res.headers.get("content-security-policy")).toBeNull();
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
});

test("X-Forwarded-Proto: https is not believed without a trusted proxy (no HSTS)", async () => {
  const res = await get("/", { "x-forwarded-proto": "https" });
  expect(res.headers.get("strict-transport-security")).toBeNull();
});

test("behind one trusted proxy (TRUST_PROXY=1), a request the proxy received over https gets HSTS", async () => {
  const proxied = await startServer({ env: { TRUST_PROXY: "1" } });
  try {
    const over = (proto?: string) => fetch(`${proxied.url}/`, { headers: proto ? { "x-forwarded-proto": proto, "x-forwarded-for": "203.0.113.9" } : {} });
    expect((await over("https")).headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect((await over("http")).headers.get("strict-transport-security")).toBeNull();
    expect((await over()).headers.get("strict-transport-security")).toBeNull();
  } finally {
    await proxied.stop();
  }
});

/** A TCP proxy to PostgreSQL that can be cut (as in tests/integration/store/database-outage.test.ts). */
async function cuttableProxy(target: URL) {
  const open = new Set<net.Socket>();
  let cut = false;
  const proxy = net.createServer((client) => {
    if (cut) return void client.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      open.add(a);
      a.on("error", () => b.destroy());
      a.on("close", () => (open.delete(a), b.destroy()));
      a.pipe(b);
    }
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  return {
    port: (proxy.address() as net.AddressInfo).port,
    cut: () => {
      cut = true;
      for (const s of open) s.destroy();
    },
    restore: () => void (cut = false),
    close: () => new Promise((r) => proxy.close(r)),
  };
}

// Only PostgreSQL has a database that goes away while the server runs (SQLite is a file).
(TEST_ENGINE === "postgresql" ? test : test.skip)("the 'please wait' page server.ts answers while the database is away has the headers too", async () => {
  const direct = new URL(freshDatabaseUrl());
  const proxy = await cuttableProxy(direct);
  const via = new URL(direct);
  via.port = String(proxy.port);
  const away = await startServer({ databaseUrl: via.toString() });
  try {
    proxy.cut();
    // The home page reads no database: once it answers 503, server.ts's probe has noticed and
    // server.ts answers every page itself, before Next.
    let res: Response;
    while ((res = await fetch(`${away.url}/`)).status !== 503) {
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 100));
    }
    const html = await res.text();
    expect(html).toContain("Please wait a moment");
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    // It has no script: it retries by <meta http-equiv="refresh">, which the policy allows.
    expect(html).not.toContain("<script");
  } finally {
    // Killed, not stopped: a graceful stop just after an outage can take minutes (not this test's subject).
    await away.kill();
    await proxy.close();
  }
});
