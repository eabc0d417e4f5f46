import { hashPassword } from "@/lib/auth/passwords";
import { adminGet, autoLoginUrl, guessUntilToldToWait, signIn, signInAutomatically } from "../../helpers/admin";
import { startServer, type RunningServer } from "../../helpers/server";

const loginRows = (server: RunningServer) => server.db.adminLogin.findMany({ orderBy: { id: "asc" } });
const revoke = (server: RunningServer, where: { admin?: string } = {}) =>
  server.db.$transaction((tx) => tx.adminLogin.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } }));

describe("auto-login (the only admin is admin, without a password)", () => {
  let server: RunningServer;
  beforeAll(async () => (server = await startServer()));
  afterAll(() => server?.stop());

  test("prints a sign-in link whose token is in the fragment", () => {
    expect(autoLoginUrl(server)).toMatch(new RegExp(`^${server.url}/admin/login/#[A-Za-z0-9_-]{20,}$`));
  });

  test("the link's token signs in; the cookie opens the dashboard and the login is recorded", async () => {
    const cookie = await signInAutomatically(server);
    const page = await adminGet(server, "/admin/dashboard/", cookie);
    expect(page.url).toBe(`${server.url}/admin/dashboard/`);
    expect(await page.text()).toContain("Active sessions");
    const rows = await loginRows(server);
    expect(rows.at(-1)).toMatchObject({ admin: "admin", method: "auto-login", revokedAt: null, address: "127.0.0.1" });
  });

  test("a wrong token, a token through a proxy, and a password are refused, each saying why, and record no login", async () => {
    const before = (await loginRows(server)).length;
    const token = autoLoginUrl(server)!.split("#")[1]!;
    const wrong = await signIn(server, { token: `${token}x` });
    expect(wrong).toMatchObject({ ok: false, error: expect.stringMatching(/^This sign-in link is not right \(is it cut short, or mistyped\?\)/) });
    // A link from an earlier start (its token carries that start's time).
    const earlier = `${(Math.floor(Date.now() / 1000) - 3600).toString(36)}-${token.split("-").slice(1).join("-")}`;
    expect((await signIn(server, { token: earlier })).error).toMatch(/^This sign-in link is from an earlier start of the server/);
    // TRUST_PROXY=0 (the default): any proxy header refuses the link, naming the header and what to do.
    for (const header of ["x-forwarded-for", "forwarded", "x-real-ip"]) {
      const proxied = await signIn(server, { token }, { [header]: "203.0.113.9" });
      expect(proxied.ok).toBe(false);
      expect(proxied.error).toBe(
        `This sign-in link only works from the machine Sprout runs on, and this request came through a proxy (it carries a ${header} header) that Sprout does not read: if that proxy runs on this machine, set TRUST_PROXY to the number of proxies in front of Sprout; otherwise sign in with a password instead (set SPROUT_ADMIN_PASSWORD_ADMIN and restart).`,
      );
      expect(proxied.error).not.toMatch(/expired/);
    }
    const password = await signIn(server, { admin: "admin", password: "anything-at-all" });
    expect(password.ok).toBe(false);
    expect((await loginRows(server)).length).toBe(before);
  });

  test("a sign-in by the link is in the audit log with its address", async () => {
    const token = autoLoginUrl(server)!.split("#")[1]!;
    expect((await signIn(server, { token })).ok).toBe(true);
    const row = (await loginRows(server)).at(-1)!;
    const audit = await server.db.auditEntry.findFirstOrThrow({ where: { action: "login.signIn" }, orderBy: { id: "desc" } });
    expect({ admin: audit.admin, session: audit.session, detail: JSON.parse(audit.detail) }).toEqual({ admin: "admin", session: null, detail: { login: row.id, method: "auto-login", address: "127.0.0.1" } });
  });

  test("a burst of guesses sent at once is counted in full: past 5 from one address, the rest are told to wait", async () => {
    const burst = await Promise.all(Array.from({ length: 15 }, (_, i) => signIn(server, { admin: "admin", password: `burst guess ${i}` })));
    expect(burst.every((r) => !r.ok)).toBe(true);
    const throttled = burst.filter((r) => /^Too many failed sign-ins for this name from your address \(127\.0\.0\.1\): try again in \d+ s\./.test(r.error ?? ""));
    expect(throttled.length).toBeGreaterThanOrEqual(7);
  });

  test("anonymous visitors of admin pages land on the login page", async () => {
    const page = await adminGet(server, "/admin/dashboard/");
    expect(page.url).toBe(`${server.url}/admin/login/`);
    expect(await page.text()).toContain("sign-in link the server printed");
  });
});

describe("password sign-in with several admins", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      env: { SPROUT_TEST_ADMINS: "admin,alice,bob", SPROUT_ADMIN_PASSWORD_ADMIN: "correct horse battery", SPROUT_ADMIN_PASSWORD_ALICE: await hashPassword("alice's secret") },
    });
  });
  afterAll(() => server?.stop());

  test("prints the admin address and who cannot sign in yet, and no auto-login link", () => {
    expect(autoLoginUrl(server)).toBeUndefined();
    expect(server.output()).toContain(`Admin: ${server.url}/admin/`);
    expect(server.output()).toContain('Admin "bob" cannot sign in until SPROUT_ADMIN_PASSWORD_BOB is set');
  });

  test("a clear-text password from the environment and a hashed one both work", async () => {
    const admin = await signIn(server, { admin: "admin", password: "correct horse battery" });
    const alice = await signIn(server, { admin: "alice", password: "alice's secret" });
    expect(admin.ok && alice.ok).toBe(true);
    const page = await adminGet(server, "/admin/dashboard/", alice.cookie);
    expect(await page.text()).toContain("alice");
    expect((await loginRows(server)).map((r) => [r.admin, r.method])).toEqual([
      ["admin", "password"],
      ["alice", "password"],
    ]);
  });

  test("with TRUST_PROXY=0 (the default) a login and its audit entry record the connecting address: X-Forwarded-For is ignored", async () => {
    const result = await signIn(server, { admin: "admin", password: "correct horse battery" }, { "x-forwarded-for": "203.0.113.20" });
    expect(result.ok).toBe(true);
    const row = (await loginRows(server)).at(-1)!;
    expect(row.address).toBe("127.0.0.1");
    const audit = await server.db.auditEntry.findFirstOrThrow({ where: { action: "login.signIn" }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.detail)).toEqual({ login: row.id, method: "password", address: "127.0.0.1" });
    // The Status page lists it with that address.
    expect(await (await adminGet(server, "/admin/status/", result.cookie)).text()).not.toContain("203.0.113.20");
  });

  test("a wrong password, an unknown name and an admin without password are refused alike", async () => {
    for (const credentials of [
      { admin: "admin", password: "Correct horse battery" },
      { admin: "mallory", password: "correct horse battery" },
      { admin: "bob", password: "anything" },
    ]) {
      const result = await signIn(server, credentials);
      expect(result).toMatchObject({ ok: false, error: "That admin name and password do not match." });
    }
    expect(await server.db.loginFailure.count()).toBe(3);
  });

  test("a revoked login stops working on the next page", async () => {
    const { cookie } = await signIn(server, { admin: "admin", password: "correct horse battery" });
    expect((await adminGet(server, "/admin/status/", cookie)).url).toBe(`${server.url}/admin/status/`);
    await revoke(server, { admin: "admin" });
    expect((await adminGet(server, "/admin/status/", cookie)).url).toBe(`${server.url}/admin/login/`);
  });

  test("signing out revokes the login, so a copy of the cookie is useless too", async () => {
    const { cookie } = await signIn(server, { admin: "alice", password: "alice's secret" });
    const out = await fetch(`${server.url}/admin/logout/`, { method: "POST", redirect: "manual", headers: { cookie: cookie! } });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/admin/login/?signed-out=1");
    expect(out.headers.getSetCookie().some((c) => /^next-auth\.session-token=;.*Max-Age=0/.test(c))).toBe(true);
    expect((await adminGet(server, "/admin/dashboard/", cookie)).url).toBe(`${server.url}/admin/login/`);
  });

  test("past 5 failures for a name from one address its attempts wait (even the right password is not checked); then one goes through, and a success starts over", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(server, { admin: "alice", password: `guess ${i}` })).error).toBe("That admin name and password do not match.");
    // Until the wait is 2 s or more: a slow request could outlast the first one (1 s).
    const seconds = await guessUntilToldToWait(2, () => signIn(server, { admin: "alice", password: "another guess" }));
    expect(seconds).toBeGreaterThanOrEqual(2);
    const right = await signIn(server, { admin: "alice", password: "alice's secret" });
    expect(right.ok).toBe(false);
    expect(right.error).toMatch(/^Too many failed sign-ins for this name from your address \(127\.0\.0\.1\): try again in \d s\. Sign-ins from elsewhere, and admins already signed in, are not affected\.$/);
    // Other names from this address are not slowed by alice's failures.
    expect((await signIn(server, { admin: "admin", password: "correct horse battery" })).ok).toBe(true);
    // A slow-down, not a lockout: once the wait is over, the password is checked again.
    await new Promise((r) => setTimeout(r, Number(/in (\d+) s/.exec(right.error!)![1]) * 1000 + 200));
    expect((await signIn(server, { admin: "alice", password: "alice's secret" })).ok).toBe(true);
    // The success cleared alice's failures from this address: the next guess is checked at once.
    expect((await signIn(server, { admin: "alice", password: "guess again" })).error).toBe("That admin name and password do not match.");
    expect(await server.db.loginFailure.count({ where: { admin: "alice" } })).toBe(1);
  });
});

describe("start-up checks", () => {
  test("two admin names that map to one password variable stop the start", async () => {
    await expect(startServer({ env: { SPROUT_TEST_ADMINS: "alice-b,alice_b" } })).rejects.toThrow(/"alice-b" and "alice_b" would share the password variable SPROUT_ADMIN_PASSWORD_ALICE_B/);
  });

  test("a clear-text admin password shorter than 8 characters stops the start", async () => {
    await expect(startServer({ env: { SPROUT_ADMIN_PASSWORD_ADMIN: "short" } })).rejects.toThrow(/SPROUT_ADMIN_PASSWORD_ADMIN is shorter than 8 characters/);
  });

  test("no auto-login link when the server listens beyond loopback", async () => {
    const server = await startServer({ env: { HOST: "0.0.0.0" } });
    try {
      expect(autoLoginUrl(server)).toBeUndefined();
      expect(server.output()).toMatch(/Admin: http:\/\/0\.0\.0\.0:\d+\/admin\//);
      expect(server.output()).toContain('Admin "admin" cannot sign in: the sign-in link is only offered on a loopback HOST');
      expect(await (await adminGet(server, "/admin/login/")).text()).toContain("only offered while the server listens on a loopback address");
    } finally {
      await server.stop();
    }
  });
});
