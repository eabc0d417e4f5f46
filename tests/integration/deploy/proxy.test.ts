import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { MonitorRow } from "@/lib/data/monitor";
import { adminGet, connectAdmin, signIn } from "../../helpers/admin";
import { TEST_ENGINE } from "../../helpers/engine";
import { getPage, postForm, submitCurrent } from "../../helpers/participant";
import { TMP } from "../../helpers/paths";
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
    // As in the compose file: admins sign in with a password (a proxied request never gets the
    // printed sign-in link), and NEXTAUTH_URL is the public address.
    const env = { SPROUT_ADMIN_PASSWORD_ADMIN: password, NEXTAUTH_URL: base };
    a = await startServer({ env });
    b = await startServer({ databaseUrl: a.databaseUrl, env });
    fs.mkdirSync(TMP, { recursive: true });
    dir = fs.mkdtempSync(path.join(TMP, "nginx-"));
    fs.chmodSync(dir, 0o755); // nginx's workers run as nobody when the test runs as root
    nginx = await startNginx(dir, proxyConfig([hostPort(a), hostPort(b)], port), port);
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

  test("each request's id reaches the instance that served it (nginx's headers get through), on both instances", async () => {
    const lines = logLines().filter((l) => l.url.startsWith("/p/") || l.url.startsWith("/api/"));
    expect(lines.length).toBeGreaterThan(4);
    for (const server of [a, b]) {
      const mine = lines.filter((l) => l.upstream === hostPort(server));
      expect(mine.length).toBeGreaterThan(0);
      for (const line of mine) expect(server.output()).toContain(line.id);
    }
  });
});
