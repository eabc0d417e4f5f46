import http from "node:http";
import type { AddressInfo } from "node:net";
import next from "next";
import { notePeer } from "./lib/auth/request-peer.ts";
import { loadAuthSecret } from "./lib/auth/secret.ts";
import { adminPasswordVariable, engineOf, env } from "./lib/env.ts";
import { awayPage } from "./lib/participant-html.ts";
import { databaseAwaySince } from "./lib/store/availability.ts";
import { startDatabaseProbe } from "./lib/store/probe.ts";
import { describeDatabase, migrateDatabase } from "./lib/store/database.ts";
import { db, readDb } from "./lib/store/db.ts";

// Stacks point at the experiment's own source (the field log records file:line).
process.setSourceMapsEnabled(true);

// The project is loaded first and on its own, so a mistake in an app stops the start with
// one clear line (the app, page and field) rather than a stack trace.
const project = await import("./lib/engine/project.ts").catch((e: unknown) => {
  console.error(`Sprout cannot start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

// Both read the project's admin names, so they come after it too.
const { accountProblems, adminsWithoutPassword, autoLoginConfigured } = await import("./lib/auth/accounts.ts");
const { issueAutoLoginToken } = await import("./lib/auth/auto-login.ts");
const problems = accountProblems();
if (problems.length > 0) {
  console.error(`Sprout cannot start: ${problems.join("; ")}`);
  process.exit(1);
}

const dev = env.NODE_ENV !== "production";
const applied = await migrateDatabase().catch((e: unknown) => {
  console.error(`Sprout cannot start: the database at ${describeDatabase()} cannot be migrated: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
if (applied.length > 0) console.log(`Database migrated (${applied.join(", ")})`);
// next-auth signs admin login cookies with this; kept in the database so logins survive restarts.
process.env.NEXTAUTH_SECRET ||= await loadAuthSecret(db());

// The project file's rooms exist from the first start (an admin's changes to them are kept).
const { ensureProjectRooms } = await import("./lib/engine/rooms.ts");
const madeRooms = await ensureProjectRooms(db());

const app = next({ dev, hostname: env.HOST, port: env.PORT });
await app.prepare();
const handle = app.getRequestHandler();

// While the database is away (a PostgreSQL restart or failover), pages are answered "please
// wait" (503, Retry-After) at once; form posts still go to their route, which hands the answers
// back to be sent again. The probe lets requests through again within a second of its return.
const stopProbe = engineOf() === "postgresql" ? startDatabaseProbe(env.DATABASE_URL) : () => undefined;

const server = http.createServer(async (req, res) => {
  notePeer(req);
  if (databaseAwaySince() !== null && (req.method === "GET" || req.method === "HEAD") && !req.url?.startsWith("/_next/")) {
    const away = awayPage();
    res.writeHead(away.status, Object.fromEntries(away.headers));
    res.end(req.method === "HEAD" ? undefined : await away.text());
    return;
  }
  handle(req, res).catch((e: unknown) => {
    console.error("[sprout] request failed:", e);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end("Something went wrong on the server.\n");
  });
});
// Idle keep-alive connections stay open longer than clients and proxies keep them (Node's 5 s
// default lets a client reuse a socket the server is just closing: "other side closed").
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
// After the project (the sockets run experiment code): imported here, not at the top.
const { createRealtime } = await import("./lib/realtime/server.ts");
const { io, presence, stopMonitorFeed } = createRealtime(server, { db, read: readDb });
// Several instances on one database reach each other's sockets (PostgreSQL, or Redis).
const { joinInstances } = await import("./lib/realtime/adapter.ts");
const joined = await joinInstances(io).catch((e: unknown) => {
  console.error(`Sprout cannot start: the other instances cannot be joined: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
// Deadlines (and dropouts) are fired from the database by a sweep, so they fire with no
// browser open, after restarts, and exactly once with several instances.
const { startSweeper } = await import("./lib/engine/sweep.ts");
const stopSweeper = startSweeper({ db, read: readDb }, env.SPROUT_ONLINE_WINDOW_MS);

server.listen(env.PORT, env.HOST, () => {
  const { port } = server.address() as AddressInfo;
  const host = env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
  const origin = `http://${host}:${port}`;
  // next-auth builds its redirects from this; without it they would point at localhost:3000.
  process.env.NEXTAUTH_URL ||= origin;
  console.log(`Database: ${describeDatabase()}`);
  if (joined) console.log(`Instances joined through ${joined.kind}`);
  console.log(`Configs: ${project.listConfigs().map(([name]) => name).join(", ")}`);
  for (const [name] of project.projectRooms()) console.log(`Room ${name}${madeRooms.includes(name) ? " (created)" : ""}: ${origin}/room/${name}/`);
  const autoLogin = issueAutoLoginToken(env.HOST);
  console.log(autoLogin ? `Admin (signs you in, valid until the server stops): ${origin}/admin/login/#${autoLogin}` : `Admin: ${origin}/admin/`);
  for (const name of adminsWithoutPassword()) console.log(`Admin "${name}" cannot sign in until ${adminPasswordVariable(name)} is set`);
  if (!autoLogin && autoLoginConfigured()) {
    console.log(`Admin "admin" cannot sign in: the sign-in link is only offered on a loopback HOST (127.0.0.1); set ${adminPasswordVariable("admin")}`);
  }
  console.log(`Sprout is running at ${origin}/`);
});

function shutdown() {
  stopProbe();
  stopSweeper();
  stopMonitorFeed();
  server.close();
  // This instance's players show offline at once (until they reconnect to another one).
  void presence
    .stop()
    .catch((e: unknown) => console.warn("[sprout] presence at shutdown:", (e as Error).message))
    .finally(() => Promise.allSettled([db().$disconnect(), readDb().$disconnect(), joined?.close()]).finally(() => process.exit(0)));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
