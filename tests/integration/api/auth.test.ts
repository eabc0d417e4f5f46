import { OPERATIONS } from "@/lib/api/operations";
import { adminGet, signInAutomatically } from "../../helpers/admin";
import { api, newToken, revokedToken } from "../../helpers/api";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// Who may call which operation, for every operation the API has (taken from the code, so a
// new one is covered without touching this file).

let server: RunningServer;
let sname: string;
let pname: string;
beforeAll(async () => {
  server = await startServer({ env: { SPROUT_API_RATE_LIMIT: "100000" } });
  const s = await newSession(server, "basics", 2);
  sname = s.name;
  pname = s.players[0]!.name;
});
afterAll(() => server?.stop());

/** An operation's path with names filled in (they need not exist: refusals come first). */
const urlOf = (path: string) => path.replace("{sname}", sname).replace("{pname}", pname).replace("{room}", "fixture_lab").replace("{cname}", "basics").replace("{format}", "wide.csv").replace("{app}", "basics").replace("{name}", "answers");

/** What the database would show an operation changed. */
async function snapshot() {
  const [sessions, rooms, audit, writes] = await Promise.all([server.db.session.findMany({ orderBy: { id: "asc" } }), server.db.room.findMany({ orderBy: { id: "asc" }, omit: { joins: true } }), server.db.auditEntry.count(), server.db.fieldWrite.count()]);
  return { sessions, rooms, audit, writes };
}

test("every operation refuses a caller without a token, with a revoked or unknown token, or with only the admin's login cookie (401 JSON), changing nothing", async () => {
  const cookie = await signInAutomatically(server);
  const revoked = await revokedToken(server);
  const before = await snapshot();
  const callers: [string, string | null, Record<string, string>][] = [
    ["anonymous", null, {}],
    ["revoked", revoked, {}],
    ["unknown", "sprout_not-a-token", {}],
    ["cookie", null, { cookie }],
    ["basic auth", null, { authorization: "Basic YWRtaW46YWRtaW4=" }],
  ];
  for (const op of OPERATIONS) {
    for (const [who, token, headers] of callers) {
      const res = await api(server, token, op.method, urlOf(op.path), op.body ? {} : undefined, headers);
      expect([op.method, op.path, who, res.status]).toEqual([op.method, op.path, who, 401]);
      expect(res.body).toEqual({ error: expect.any(String) });
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  }
  expect(await snapshot()).toEqual(before);
});

test("a read-only token is refused (403) on every operation that changes something or hands out the dump, and gets past the check on the others", async () => {
  const read = await newToken(server, "read");
  const before = await snapshot();
  for (const op of OPERATIONS) {
    const res = await api(server, read, op.method, urlOf(op.path), op.body ? {} : undefined);
    if (op.full) {
      expect([op.method, op.path, res.status, res.body]).toEqual([op.method, op.path, 403, { error: expect.stringMatching(/read-only/) }]);
    } else {
      expect([op.method, op.path, res.status]).toEqual([op.method, op.path, 200]);
    }
  }
  expect(await snapshot()).toEqual(before);
  // The changing ones exist: the list above is not empty of them.
  expect(OPERATIONS.filter((o) => o.full).length).toBeGreaterThan(20);
});

test("a token does not open the admin pages", async () => {
  const token = await newToken(server);
  for (const url of ["/admin/dashboard/", "/admin/tokens/", `/admin/session/${sname}/`]) {
    const res = await adminGet(server, url, undefined);
    expect(res.url).toBe(`${server.url}/admin/login/`);
    const withToken = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    expect(withToken.url).toBe(`${server.url}/admin/login/`);
  }
  const download = await fetch(`${server.url}/admin/session/${sname}/export/wide.csv`, { redirect: "manual", headers: { authorization: `Bearer ${token}` } });
  expect(download.status).toBe(303);
});

test("a method a path does not take is a 405 JSON naming those it does", async () => {
  const token = await newToken(server);
  const res = await api(server, token, "PUT", "/sessions/");
  expect(res.status).toBe(405);
  expect(res.body.error).toMatch(/GET, POST/);
  expect(res.headers.get("allow")).toBe("GET, POST");
});

test("a revoked token stops working at once; its use is recorded", async () => {
  const { createApiToken, revokeApiToken } = await import("@/lib/api/tokens");
  const { token } = await createApiToken(server.db, { name: "short-lived", scope: "read", by: "test" });
  expect((await api(server, token, "GET", "/configs/")).status).toBe(200);
  expect((await server.db.apiToken.findUniqueOrThrow({ where: { name: "short-lived" } })).lastUsedAt).not.toBeNull();
  await revokeApiToken(server.db, "short-lived", "test");
  expect((await api(server, token, "GET", "/configs/")).status).toBe(401);
});

test("the database keeps only a hash of each token", async () => {
  const token = await newToken(server, "full", "hashed");
  const row = await server.db.apiToken.findUniqueOrThrow({ where: { name: "hashed" } });
  expect(JSON.stringify(row)).not.toContain(token.slice(7));
  expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
});

test("the admin's API tokens page (linked from the navigation) lists the tokens with their scope and never shows one", async () => {
  const token = await newToken(server, "read", "page-listed");
  const cookie = await signInAutomatically(server);
  const page = await adminGet(server, "/admin/tokens/", cookie);
  const html = await page.text();
  expect(page.status).toBe(200);
  expect(html).toContain("page-listed");
  expect(html).toContain("read-only");
  expect(html).not.toContain(token);
  expect(html).toContain('href="/admin/tokens/"');
});
