import { adminGet, autoLoginUrl, guessUntilToldToWait, signIn } from "../../helpers/admin";
import { startServer, type RunningServer } from "../../helpers/server";

// TRUST_PROXY=1 as behind one reverse proxy: the client is the address the proxy appended to
// X-Forwarded-For (here the test poses as that proxy), and X-Forwarded-Proto says https.

const OWNER = "198.51.100.7";
const GUESSER = "203.0.113.9";
const via = (address: string, extra: Record<string, string> = {}) => ({ "x-forwarded-for": address, ...extra });
const THROTTLED = /^Too many failed sign-ins for this name from your address \(203\.0\.113\.9\): try again in (\d+) s\./;

describe("password sign-in behind a proxy (TRUST_PROXY=1)", () => {
  let server: RunningServer;
  const password = "correct horse battery";
  beforeAll(async () => {
    server = await startServer({ env: { TRUST_PROXY: "1", SPROUT_TEST_ADMINS: "admin,alice", SPROUT_ADMIN_PASSWORD_ADMIN: password, SPROUT_ADMIN_PASSWORD_ALICE: "alice's secret" } });
  });
  afterAll(() => server?.stop());

  test("50 wrong guesses from one address slow that address down, and do not stop the owner signing in from another; a signed-in cookie keeps working", async () => {
    const owner = await signIn(server, { admin: "admin", password }, via(OWNER));
    expect(owner.ok).toBe(true);

    const answers: string[] = [];
    for (let i = 0; i < 50; i++) answers.push((await signIn(server, { admin: "admin", password: `guess ${i}` }, via(GUESSER))).error ?? "signed in");
    const checked = answers.filter((a) => a === "That admin name and password do not match.");
    const throttled = answers.filter((a) => THROTTLED.test(a));
    expect(checked.length + throttled.length).toBe(50);
    // The first five are checked; after that the address waits 1 s, 2 s, 4 s, ... between checks.
    expect(answers.slice(0, 5)).toEqual(Array(5).fill("That admin name and password do not match."));
    expect(checked.length).toBeLessThanOrEqual(10);
    expect(throttled.length).toBeGreaterThanOrEqual(40);

    // During the attack: the owner's cookie works, and the owner signs in again from elsewhere.
    const dashboard = await adminGet(server, "/admin/dashboard/", owner.cookie);
    expect(dashboard.url).toBe(`${server.url}/admin/dashboard/`);
    expect((await signIn(server, { admin: "admin", password }, via(OWNER))).ok).toBe(true);
    // A wrong password from another address is checked at once (not slowed by the guesser).
    expect((await signIn(server, { admin: "admin", password: "typo" }, via("198.51.100.8"))).error).toBe("That admin name and password do not match.");

    // From the guessing address even the right password is not checked while it waits (told how long).
    // (Until the wait is 2 s or more, so that it cannot run out before the next request.)
    expect(await guessUntilToldToWait(2, () => signIn(server, { admin: "admin", password: "more guessing" }, via(GUESSER)))).toBeGreaterThanOrEqual(2);
    const right = await signIn(server, { admin: "admin", password }, via(GUESSER));
    expect(right.ok).toBe(false);
    expect(right.error).toMatch(THROTTLED);

    // Nothing was revoked, and the owner's logins carry the owner's address.
    const logins = await server.db.adminLogin.findMany({ orderBy: { id: "asc" } });
    expect(logins.map((l) => [l.admin, l.address, l.revokedAt])).toEqual([
      ["admin", OWNER, null],
      ["admin", OWNER, null],
    ]);
  });

  test("guessing across names from one address is slowed too, past 20 failures", async () => {
    const sprayer = "203.0.113.50";
    for (let i = 0; i < 20; i++) expect((await signIn(server, { admin: `name${i}`, password: "x" }, via(sprayer))).error).toBe("That admin name and password do not match.");
    // Sent at once (the first wait is 1 s, which a slow request could outlast): at most one is checked.
    const next = await Promise.all(["alice", "name20", "name21"].map((admin) => signIn(server, { admin, password: "x" }, via(sprayer))));
    const slowed = next.filter((r) => /^Too many failed sign-ins from your address \(203\.0\.113\.50\): try again in \d+ s\./.test(r.error ?? ""));
    expect(slowed.length).toBeGreaterThanOrEqual(2);
    // alice herself, elsewhere, is not affected.
    expect((await signIn(server, { admin: "alice", password: "alice's secret" }, via("198.51.100.9"))).ok).toBe(true);
  });

  test("the login, its audit entry and the Status page show the client's address from X-Forwarded-For (the proxy's rightmost entry; a client's own entries before it are ignored)", async () => {
    const result = await signIn(server, { admin: "alice", password: "alice's secret" }, via("127.0.0.1, 192.0.2.33"));
    expect(result.ok).toBe(true);
    const row = await server.db.adminLogin.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect([row.admin, row.address]).toEqual(["alice", "192.0.2.33"]);
    const audit = await server.db.auditEntry.findFirstOrThrow({ where: { action: "login.signIn" }, orderBy: { id: "desc" } });
    expect([audit.admin, JSON.parse(audit.detail)]).toEqual(["alice", { login: row.id, method: "password", address: "192.0.2.33" }]);
    expect(await (await adminGet(server, "/admin/status/", result.cookie)).text()).toContain("192.0.2.33");
  });

  test("over https (X-Forwarded-Proto: https from the trusted proxy) the login cookie is Secure; over http it is not", async () => {
    const secure = await signIn(server, { admin: "alice", password: "alice's secret" }, via(OWNER, { "x-forwarded-proto": "https" }));
    expect(secure.ok).toBe(true);
    expect(secure.cookie).toMatch(/^__Secure-next-auth\.session-token=/);
    // The secure cookie opens admin pages (asked over https, as the browser would send it).
    const page = await fetch(`${server.url}/admin/dashboard/`, { headers: { cookie: secure.cookie!, ...via(OWNER, { "x-forwarded-proto": "https" }) } });
    expect(page.url).toBe(`${server.url}/admin/dashboard/`);

    const csrf = await fetch(`${server.url}/api/auth/csrf/`, { headers: via(OWNER, { "x-forwarded-proto": "https" }) });
    const setCookies = csrf.headers.getSetCookie();
    expect(setCookies.length).toBeGreaterThan(0);
    for (const c of setCookies) expect(c).toMatch(/; Secure/i);

    const plain = await fetch(`${server.url}/api/auth/csrf/`, { headers: via(OWNER, { "x-forwarded-proto": "http" }) });
    for (const c of plain.headers.getSetCookie()) expect(c).not.toMatch(/; Secure/i);
  });
});

describe("TRUST_PROXY=0 ignores X-Forwarded-Proto", () => {
  let server: RunningServer;
  beforeAll(async () => (server = await startServer({ env: { SPROUT_ADMIN_PASSWORD_ADMIN: "correct horse battery" } })));
  afterAll(() => server?.stop());

  test("the login cookie is not Secure, and its address is the connecting one", async () => {
    const result = await signIn(server, { admin: "admin", password: "correct horse battery" }, via(OWNER, { "x-forwarded-proto": "https" }));
    expect(result.ok).toBe(true);
    expect(result.cookie).toMatch(/^next-auth\.session-token=/);
    expect((await server.db.adminLogin.findFirstOrThrow()).address).toBe("127.0.0.1");
  });
});

describe("the sign-in link behind a proxy (TRUST_PROXY=1)", () => {
  let server: RunningServer;
  beforeAll(async () => (server = await startServer({ env: { TRUST_PROXY: "1" } })));
  afterAll(() => server?.stop());
  const token = () => autoLoginUrl(server)!.split("#")[1]!;

  test("from a remote client through the proxy it is refused, saying why and from where", async () => {
    const refused = await signIn(server, { token: token() }, via(GUESSER));
    expect(refused.ok).toBe(false);
    expect(refused.error).toBe(
      "This sign-in link only works from the machine Sprout runs on (the request came through a proxy from 203.0.113.9); sign in with a password instead (set SPROUT_ADMIN_PASSWORD_ADMIN and restart).",
    );
    // A client's own X-Forwarded-For entry claiming loopback does not help: the proxy's entry counts.
    expect((await signIn(server, { token: token() }, via(`127.0.0.1, ${GUESSER}`))).error).toMatch(/through a proxy from 203\.0\.113\.9/);
  });

  test("a proxy that does not say who its client is (no X-Forwarded-For) is not believed", async () => {
    const refused = await signIn(server, { token: token() }, { "x-real-ip": "127.0.0.1" });
    expect(refused.error).toMatch(/came through a proxy \(it carries a x-real-ip header\) that Sprout does not read/);
  });

  test("from this machine through the proxy it signs in, recorded with the client's address", async () => {
    const result = await signIn(server, { token: token() }, via("127.0.0.1"));
    expect(result.ok).toBe(true);
    expect(await server.db.adminLogin.findMany({ select: { method: true, address: true } })).toEqual([{ method: "auto-login", address: "127.0.0.1" }]);
  });
});
