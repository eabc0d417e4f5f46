import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AddressInfo } from "node:net";
import next from "next";
import { notePeer } from "./lib/auth/request-peer.ts";
import { loadAuthSecret } from "./lib/auth/secret.ts";
import { adminPasswordVariable, engineOf, env } from "./lib/env.ts";
import { healthResponse, installReadiness, readinessCheck } from "./lib/health.ts";
import { inRequest, log } from "./lib/log.ts";
import { awayPage } from "./lib/participant-html.ts";
import { refuseEarly } from "./lib/server/request-gate.ts";
import { applySecurityHeaders } from "./lib/server/security-headers.ts";
import { databaseAwaySince } from "./lib/store/availability.ts";
import { startAwayWatch, startDatabaseProbe } from "./lib/store/probe.ts";
import { describeDatabase, migrateDatabase, pendingDatabaseMigrations } from "./lib/store/database.ts";
import type { Sweeper } from "./lib/engine/time/sweep.ts";
import { db, readDb } from "./lib/store/db.ts";

// Stacks point at the experiment's own source (the field log records file:line).
process.setSourceMapsEnabled(true);

/** A mistake that stops the start: one plain line for the person starting it (as for a bad variable), no stack. */
function cannotStart(why: string): never {
  console.error(`Sprout cannot start: ${why}`);
  process.exit(1);
}
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

// The project is loaded first and on its own, so a mistake in an app stops the start with
// one clear line (the app, page and field) rather than a stack trace.
const project = await import("./lib/project.ts").catch((e: unknown) => cannotStart(messageOf(e)));

// Both read the project's admin names, so they come after it too.
const { accountProblems, adminsWithoutPassword, autoLoginConfigured } = await import("./lib/auth/accounts.ts");
const { issueAutoLoginToken } = await import("./lib/auth/auto-login.ts");
const problems = accountProblems();
if (problems.length > 0) cannotStart(problems.join("; "));

const dev = env.NODE_ENV !== "production";
let draining = false;
/** Responses not yet finished: a shutdown waits for them. */
const inFlight = new Set<http.ServerResponse>();
/** Next's handler, once the database is ready and the app prepared; until then requests are told to wait. */
let handle: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | null = null;
let sweeper: Sweeper | null = null;
installReadiness(readinessCheck({ db, sweeperRoundAt: () => sweeper?.lastRoundAt() ?? null, draining: () => draining }));

// While the database is away (a PostgreSQL restart or failover), pages are answered "please
// wait" (503, Retry-After) at once; form posts still go to their route, which hands the answers
// back to be sent again. The probe lets requests through again within a second of its return.
const stopProbe = engineOf() === "postgresql" ? startDatabaseProbe(env.DATABASE_URL) : startAwayWatch(() => readDb().$queryRaw`SELECT 1`);

const HEALTH = /^\/api\/health\/(live|ready)\/?(\?.*)?$/;

/** A request id: the proxy's X-Request-Id when it sent a sane one, else a new one. */
function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && /^[\w.:-]{1,64}$/.test(given) ? given : crypto.randomBytes(6).toString("hex");
}

async function serve(req: http.IncomingMessage, res: http.ServerResponse) {
  if (refuseEarly(req, res)) return;
  const health = HEALTH.exec(req.url ?? "");
  if (health) {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { "content-type": "text/plain; charset=utf-8", allow: "GET, HEAD" });
      res.end("This address accepts GET requests only.\n");
      return;
    }
    const { status, body } = await healthResponse(health[1] as "live" | "ready", inFlight.size);
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(body);
    return;
  }
  if (!handle) {
    res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "2" });
    res.end("Sprout is starting. Please try again in a moment.\n");
    return;
  }
  if (databaseAwaySince() !== null && (req.method === "GET" || req.method === "HEAD") && !req.url?.startsWith("/_next/")) {
    const away = awayPage(project.participantLocale(null, req.headers["accept-language"]));
    res.writeHead(away.status, Object.fromEntries(away.headers));
    res.end(req.method === "HEAD" ? undefined : await away.text());
    return;
  }
  if (await participantRoute(req, res)) return;
  await handle(req, res);
}

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  const reqId = requestIdOf(req);
  res.setHeader("x-request-id", reqId);
  notePeer(req);
  applySecurityHeaders(req, res);
  inFlight.add(res);
  // While shutting down, each connection serves what it was sent and then closes.
  if (draining) res.setHeader("connection", "close");
  res.once("close", () => {
    inFlight.delete(res);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const entry = { reqId, method: req.method, url: req.url, status: res.statusCode, ms: Math.round(ms * 10) / 10, ...(res.writableFinished ? {} : { aborted: true }) };
    log.info(entry, "request");
  });
  inRequest(reqId, () =>
    serve(req, res).catch((e: unknown) => {
      log.error({ err: e }, "request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Something went wrong on the server.\n");
    }),
  );
});
// Idle keep-alive connections stay open longer than clients and proxies keep them (Node's 5 s
// default lets a client reuse a socket the server is just closing: "other side closed").
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

// Listening from the start: liveness answers, and readiness says what the start waits for
// (a database to migrate, with SPROUT_MIGRATE_AT_START=false).
await new Promise<void>((resolve) => {
  server.once("error", (e: NodeJS.ErrnoException) => cannotStart(e.code === "EADDRINUSE" ? `port ${env.PORT} on ${env.HOST} is in use (set PORT)` : messageOf(e)));
  // A deep accept queue: when thousands of participants connect at once faster than the event loop
  // accepts, Node's default of 511 overflows and the kernel drops their connection attempts, which
  // the browser retries only after 1, 3, 7, 15, 31, 63 s (the soak's p99 of minutes). Queued, they
  // wait their turn like everyone else. The kernel caps it at net.core.somaxconn (4096 by default since Linux 5.4).
  server.listen({ port: env.PORT, host: env.HOST, backlog: 4096 }, resolve);
});
log.info({ url: `${originOf()}/` }, "listening");

if (env.SPROUT_MIGRATE_AT_START) {
  const applied = await migrateDatabase().catch((e: unknown) => cannotStart(`the database at ${describeDatabase()} cannot be migrated: ${messageOf(e)}`));
  if (applied.length > 0) log.info({ migrations: applied }, "Database migrated");
} else {
  await waitForMigrations();
}
// next-auth signs admin login cookies with this; kept in the database so logins survive restarts.
process.env.NEXTAUTH_SECRET ||= await loadAuthSecret(db()).catch((e: unknown) => cannotStart(`the database at ${describeDatabase()} cannot be used: ${messageOf(e)}`));

// The project file's rooms exist from the first start (an admin's changes to them are kept).
const { ensureProjectRooms } = await import("./lib/engine/rooms/rooms.ts");
const madeRooms = await ensureProjectRooms(db());

// Participant pages are served here, not by Next (lib/participant-page/): their script and
// stylesheet are built by `npm run build` beside Next's build, and at each start while developing.
const participantAssets = path.join(process.env.SPROUT_BUILD_DIR ?? ".next", "sprout-participant");
if (dev) {
  const assetsBuild = pathToFileURL(path.resolve("scripts/participant-assets.mjs")).href;
  const { buildParticipantAssets } = (await import(assetsBuild)) as { buildParticipantAssets: (o: object) => Promise<unknown> };
  await buildParticipantAssets({ root: process.cwd(), outDir: participantAssets, minify: false, projectFolder: process.env.SPROUT_PROJECT ? path.dirname(process.env.SPROUT_PROJECT) : "experiments" });
}
const { participantRoute } = await import("./lib/participant-page/route.ts");
const { loadParticipantAssets } = await import("./lib/participant-page/assets.ts");
try {
  loadParticipantAssets(participantAssets);
} catch (e) {
  cannotStart(messageOf(e));
}

// next.config.ts refuses `next start` and `next dev` (they cannot attach the sockets) unless this says server.ts runs.
process.env.SPROUT_SERVER = "1";
const app = next({ dev, hostname: env.HOST, port: env.PORT });
await app.prepare();

// After the project (the sockets run experiment code): imported here, not at the top.
const { createRealtime } = await import("./lib/realtime/server.ts");
const { io, presence, stopMonitorFeed } = createRealtime(server, { db, read: readDb });
// Several instances on one database reach each other's sockets (PostgreSQL, or Redis).
const { joinInstances } = await import("./lib/realtime/adapter.ts");
const joined = await joinInstances(io).catch((e: unknown) => cannotStart(`the other instances cannot be joined: ${messageOf(e)}`));
// Deadlines (and dropouts) are fired from the database by a sweep, so they fire with no
// browser open, after restarts, and exactly once with several instances.
const { startSweeper } = await import("./lib/engine/time/sweep.ts");
sweeper = startSweeper({ db, read: readDb }, env.SPROUT_ONLINE_WINDOW_MS);
handle = app.getRequestHandler();
announce();

/** Waits until someone (`npm run sprout -- migrate`, another instance) has applied every migration. */
async function waitForMigrations() {
  let told = false;
  for (;;) {
    const pending = await pendingDatabaseMigrations().catch((e: unknown) => [`(the database cannot be read: ${messageOf(e)})`]);
    if (pending.length === 0) return;
    if (!told) log.warn({ pending }, "Waiting for the database to be migrated (npm run sprout -- migrate); SPROUT_MIGRATE_AT_START is false");
    told = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The address the server listens on, as a URL origin. */
function originOf(): string {
  const { port } = server.address() as AddressInfo;
  return `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${port}`;
}

/**
 * What the person who started the server needs (where to go, what is missing): plain lines on
 * the terminal, not log entries; the log gets one "started" entry with the same facts.
 */
function announce() {
  const origin = originOf();
  // next-auth builds its redirects from this; without it they would point at localhost:3000.
  process.env.NEXTAUTH_URL ||= origin;
  const autoLogin = issueAutoLoginToken(env.HOST);
  const banner = [
    `Database: ${describeDatabase()}`,
    ...(joined ? [`Instances joined through ${joined.kind}`] : []),
    `Configs: ${project.listConfigs().map(([name]) => name).join(", ")}`,
    ...project.projectRooms().map(([name]) => `Room ${name}${madeRooms.includes(name) ? " (created)" : ""}: ${origin}/room/${name}/`),
    autoLogin ? `Admin (signs you in, valid until the server stops): ${origin}/admin/login/#${autoLogin}` : `Admin: ${origin}/admin/`,
    ...adminsWithoutPassword().map((name) => `Admin "${name}" cannot sign in until ${adminPasswordVariable(name)} is set`),
    ...(!autoLogin && autoLoginConfigured() ? [`Admin "admin" cannot sign in: the sign-in link is only offered on a loopback HOST (127.0.0.1); set ${adminPasswordVariable("admin")}`] : []),
    `Sprout is running at ${origin}/`,
  ];
  process.stdout.write(`${banner.join("\n")}\n`);
  log.info({ url: `${origin}/`, database: describeDatabase(), instances: joined?.kind ?? "one" }, "started");
}

/**
 * SIGTERM (a deploy, `docker stop`) or Ctrl-C: readiness turns 503 and the port closes, so
 * the proxy sends new requests to another instance; requests in flight finish (at most
 * SPROUT_SHUTDOWN_TIMEOUT_MS); sockets are closed so browsers reconnect (to another instance,
 * or to this one once it is back); the sweeper finishes its round; then the database closes.
 */
async function shutdown(signal: string) {
  // A second Ctrl-C does not wait.
  if (draining) return signal === "SIGINT" ? process.exit(1) : undefined;
  draining = true;
  log.info({ signal, inFlight: inFlight.size }, "Shutting down: finishing the requests in flight");
  // Whatever hangs after the requests (a database or adapter that does not answer), the process ends.
  setTimeout(() => {
    log.warn("Shutdown did not finish in time: exiting anyway");
    process.exit(1);
  }, env.SPROUT_SHUTDOWN_TIMEOUT_MS + 5000).unref();
  server.close();
  // Their connections close after the answer, so a client's next request goes to a live instance.
  for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
  // Closing the transports (not a server-side disconnect) makes socket.io clients reconnect.
  io.engine.close();
  const deadline = Date.now() + env.SPROUT_SHUTDOWN_TIMEOUT_MS;
  while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  if (inFlight.size > 0) log.warn({ inFlight: inFlight.size }, `Requests still running after ${env.SPROUT_SHUTDOWN_TIMEOUT_MS} ms are cut`);
  server.closeAllConnections();
  stopProbe();
  stopMonitorFeed();
  await sweeper?.stop();
  // This instance's players show offline at once (until they reconnect to another one).
  await presence.stop().catch((e: unknown) => log.warn({ err: messageOf(e) }, "presence could not be cleared at shutdown"));
  await Promise.allSettled([db().$disconnect(), readDb().$disconnect(), joined?.close()]);
  log.info("Stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
