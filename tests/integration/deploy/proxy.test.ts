import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MonitorRow } from "@/lib/data/monitor";
import { adminGet, autoLoginUrl, connectAdmin, signIn } from "../../helpers/admin";
import { TEST_ENGINE } from "../../helpers/engine";
import { getPage, postForm, submitCurrent } from "../../helpers/participant";
import { ROOT, TMP } from "../../helpers/paths";
import { freePort } from "../../helpers/ports";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { connectParticipant, eventually } from "../../helpers/sockets";
import { describeWithNginx, proxyConfig, startNginx, type RunningNginx } from "./nginx";

// The compose file's proxy: deploy/nginx.conf run by Debian's nginx in front of two instances
// of the test build on one PostgreSQL database (the compose file's layout, with this machine's
// addresses). Everything goes through nginx: readiness, a participant's pages, an admin's
// sign-in and pages, and the sockets (WebSocket only, through /socket.io/). PostgreSQL pass only.
const describeProxy = TEST_ENGINE === "postgresql" ? describeWithNginx : describe.skip;

// A client nginx sees with an address other than its own (127.0.0.1, which is also how the
// instances see nginx): this machine's first non-loopback IPv4 address. nginx listens there
// too (beside 127.0.0.1), and requests sent to it come from it.
const outside = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i !== undefined && i.family === "IPv4" && !i.internal)?.address;
const withOutside = outside ? test : test.skip;
if (!outside && TEST_ENGINE === "postgresql") console.warn("*** proxy.test.ts: no non-loopback IPv4 address here, so the tests of a remote client's address through nginx are SKIPPED");

/** The committed config for these instances, listening on 127.0.0.1 and on `outside`. */
function configFor(instances: string[], port: number): string {
  const conf = proxyConfig(instances, port);
  return outside ? conf.replace(/^(\s*)listen 127\.0\.0\.1:(\d+);/m, `$1listen 127.0.0.1:$2;\n$1listen ${outside}:$2;`) : conf;
}

describeProxy("deploy/nginx.conf in front of two instances", () => {
  let a: RunningServer;
  let b: RunningServer;
  let nginx: RunningNginx;
  let dir: string;
  /** nginx's address, which participants and admins use */
  let base: string;
  /** the helpers' view of "a server": the proxy's address, instance A's database */
  let viaProxy: RunningServer;
  const password = crypto.randomBytes(12).toString("hex");
  const hostPort = (s: RunningServer) => new URL(s.url).host;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // As in the compose file: admins sign in with a password (the printed sign-in link is for
    // the machine Sprout runs on), NEXTAUTH_URL is the public address, and the one proxy in
    // front is trusted (TRUST_PROXY=1: the client is the address nginx appends).
    const env = { SPROUT_ADMIN_PASSWORD_ADMIN: password, NEXTAUTH_URL: base, TRUST_PROXY: "1" };
    a = await startServer({ env });
    b = await startServer({ databaseUrl: a.databaseUrl, env });
    fs.mkdirSync(TMP, { recursive: true });
    dir = fs.mkdtempSync(path.join(TMP, "nginx-"));
    fs.chmodSync(dir, 0o755); // nginx's workers run as nobody when the test runs as root
    nginx = await startNginx(dir, configFor([hostPort(a), hostPort(b)], port), port);
    viaProxy = { ...a, url: base };
  });
  afterAll(async () => {
    await nginx?.stop();
    await b?.stop();
    await a?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** nginx's access-log lines: the request, which instance answered, and the request id. */
  const logLines = () =>
    nginx
      .accessLog()
      .split("\n")
      .map((line) => /"(\S+) (\S+) [^"]*" (\d+) .* upstream=(\S+) .* id=(\w+)/.exec(line))
      .filter((m) => m !== null)
      .map((m) => ({ method: m[1]!, url: m[2]!, status: Number(m[3]), upstream: m[4]!, id: m[5]! }));

  test("readiness answers through the proxy, and requests are shared between both instances", async () => {
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${base}/api/health/ready/`);
      expect([res.status, ((await res.json()) as { ready: boolean }).ready]).toEqual([200, true]);
    }
    const served = logLines().filter((l) => l.url === "/api/health/ready/");
    expect(new Set(served.map((l) => l.upstream))).toEqual(new Set([hostPort(a), hostPort(b)]));
  });

  test("a participant plays a page through the proxy", async () => {
    const s = await newSession(a, "basics", 1);
    const url = s.urls[0]!.replace(a.url, base);
    expect((await getPage(url)).title).toBe("Welcome");
    const page = await submitCurrent(url);
    expect([page.status, page.path]).toEqual([200, "basics/Intro"]);
    const res = await postForm(url, { _position: page.position!, nickname: "proxied", age: "33", likes: "1", comment: "" });
    expect(res.status).toBe(303);
    // The redirect stays on the proxy's address (Host passed through), or is relative.
    expect(new URL(res.headers.get("location")!, url).origin).toBe(base);
    expect((await getPage(url)).path).toBe("basics/Middle");
    const write = await a.db.fieldWrite.findFirst({ where: { sessionId: s.id, key: "nickname" } });
    expect(write?.value).toBe(JSON.stringify("proxied"));
  });

  test("an admin signs in through the proxy and sees its address in the links; sockets get pushes over WebSocket through it", async () => {
    const login = await signIn(viaProxy, { admin: "admin", password });
    expect(login.ok).toBe(true);
    const s = await newSession(a, "pairs", 2);
    const [first, second] = s.urls.map((u) => u.replace(a.url, base)) as [string, string];
    // Host and X-Forwarded-Proto reach Sprout: it builds the participant links from them.
    const sessionPage = await (await adminGet(viaProxy, `/admin/session/${s.name}/`, login.cookie)).text();
    expect(sessionPage).toContain(`${base}/p/${s.name}/`);

    const admin = await connectAdmin(viaProxy, login.cookie);
    const rows: MonitorRow[] = [];
    admin.on("monitor:delta", ({ rows: changed }: { rows: MonitorRow[] }) => rows.push(...changed));
    expect(((await admin.emitWithAck("monitor:watch", { sname: s.name })) as { ok: boolean }).ok).toBe(true);

    await submitCurrent(first);
    await submitCurrent(second);
    const waiting = await connectParticipant(base, second);
    expect(waiting.io.engine.transport.name).toBe("websocket");
    expect((await submitCurrent(second, { cooperate: "0" })).title).toBe("Please wait");
    await submitCurrent(first, { cooperate: "0" });
    // The partner's submission reaches the waiting tab's socket, whichever instance holds it.
    await eventually(() => waiting.received.some((e) => e.event === "page:refresh"), 10_000);
    expect((await getPage(second)).path).toBe("pairs/Result");
    await eventually(() => rows.some((r) => r.name === s.players[0]!.name && r.position === 3), 10_000);
    waiting.close();
    admin.close();

    // nginx logs an upgraded connection when it ends: 101, the socket stayed a WebSocket.
    await eventually(() => logLines().some((l) => l.url.startsWith("/socket.io/") && l.url.includes("transport=websocket") && l.status === 101), 5000);
  });

  test("the compose file's instances trust this one proxy, as the instances here do", () => {
    expect(fs.readFileSync(path.join(ROOT, "deploy/compose.yaml"), "utf8")).toMatch(/^ {6}TRUST_PROXY: \$\{TRUST_PROXY:-1\}$/m);
  });

  withOutside("a sign-in's login and audit entry hold the client's address as nginx saw it, not nginx's own, nor what the client claims in X-Forwarded-For", async () => {
    const port = new URL(base).port;
    const fromOutside: RunningServer = { ...a, url: `http://${outside}:${port}` };
    const login = await signIn(fromOutside, { admin: "admin", password }, { "x-forwarded-for": "198.51.100.66", "x-forwarded-proto": "https" });
    expect(login.ok).toBe(true);
    // nginx sets X-Forwarded-Proto to its own scheme (http here): the client's claim of https is not believed.
    expect(login.cookie).toMatch(/^next-auth\.session-token=/);
    const row = await a.db.adminLogin.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(row.address).toBe(outside);
    const audit = await a.db.auditEntry.findFirstOrThrow({ where: { action: "login.signIn" }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.detail)).toEqual({ login: row.id, method: "password", address: outside });
    expect(await (await adminGet(fromOutside, "/admin/status/", login.cookie)).text()).toContain(outside);
  });

  withOutside("guesses from one client through nginx slow that client down, not everyone behind the proxy", async () => {
    const port = new URL(base).port;
    const fromOutside: RunningServer = { ...a, url: `http://${outside}:${port}` };
    const answers: string[] = [];
    for (let i = 0; i < 8; i++) answers.push((await signIn(fromOutside, { admin: "admin", password: `guess ${i}` })).error ?? "signed in");
    expect(answers.slice(0, 5)).toEqual(Array(5).fill("That admin name and password do not match."));
    expect(answers.at(-1)).toMatch(new RegExp(`^Too many failed sign-ins for this name from your address \\(${outside!.replace(/\./g, "\\.")}\\): try again in \\d+ s`));
    // The same proxy, another client (this machine): signs in at once.
    expect((await signIn(viaProxy, { admin: "admin", password })).ok).toBe(true);
    expect((await a.db.adminLogin.findFirstOrThrow({ orderBy: { id: "desc" } })).address).toBe("127.0.0.1");
  });

  test("each request's id reaches the instance that served it (nginx's headers get through), on both instances", async () => {
    const lines = logLines().filter((l) => l.url.startsWith("/p/") || l.url.startsWith("/api/"));
    expect(lines.length).toBeGreaterThan(4);
    for (const server of [a, b]) {
      const mine = lines.filter((l) => l.upstream === hostPort(server));
      expect(mine.length).toBeGreaterThan(0);
      // The instance writes its access line as the answer leaves: it may reach this process just after it.
      await eventually(() => mine.every((line) => server.output().includes(line.id))).catch(() => undefined);
      for (const line of mine) expect(server.output()).toContain(line.id);
    }
  });
});

describeProxy("the printed sign-in link through deploy/nginx.conf (TRUST_PROXY=1)", () => {
  let server: RunningServer;
  let nginx: RunningNginx;
  let dir: string;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    // The default project: the only admin is admin, without a password, so the start prints a link.
    server = await startServer({ env: { TRUST_PROXY: "1" } });
    fs.mkdirSync(TMP, { recursive: true });
    dir = fs.mkdtempSync(path.join(TMP, "nginx-"));
    fs.chmodSync(dir, 0o755);
    nginx = await startNginx(dir, configFor([new URL(server.url).host], port), port);
  });
  afterAll(async () => {
    await nginx?.stop();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const token = () => autoLoginUrl(server)!.split("#")[1]!;

  withOutside("from another machine's address it is refused, saying why and from where (a forged X-Forwarded-For does not help)", async () => {
    const remote: RunningServer = { ...server, url: `http://${outside}:${port}` };
    const refused = await signIn(remote, { token: token() }, { "x-forwarded-for": "127.0.0.1" });
    expect(refused.ok).toBe(false);
    expect(refused.error).toBe(
      `This sign-in link only works from the machine Sprout runs on (the request came through a proxy from ${outside}); sign in with a password instead (set SPROUT_ADMIN_PASSWORD_ADMIN and restart).`,
    );
    expect(await server.db.adminLogin.count()).toBe(0);
    expect(nginx.accessLog()).toContain(`${outside} [`);
  });

  test("from the machine itself through nginx it signs in, recorded as 127.0.0.1", async () => {
    const local: RunningServer = { ...server, url: `http://127.0.0.1:${port}` };
    expect((await signIn(local, { token: token() })).ok).toBe(true);
    expect(await server.db.adminLogin.findMany({ select: { method: true, address: true } })).toEqual([{ method: "auto-login", address: "127.0.0.1" }]);
  });
});
