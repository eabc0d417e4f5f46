import http from "node:http";
import type { AddressInfo } from "node:net";
import next from "next";
import { env, sqlitePath } from "./lib/env.ts";
import { db, readDb } from "./lib/store/db.ts";
import { applyMigrations } from "./lib/store/migrate.ts";

// Stacks point at the experiment's own source (the field log records file:line).
process.setSourceMapsEnabled(true);

// The project is loaded first and on its own, so a mistake in an app stops the start with
// one clear line (the app, page and field) rather than a stack trace.
const project = await import("./lib/engine/project.ts").catch((e: unknown) => {
  console.error(`Sprout cannot start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

const dev = env.NODE_ENV !== "production";
const dbFile = sqlitePath();
const applied = applyMigrations(dbFile);
if (applied.length > 0) console.log(`Database migrated (${applied.join(", ")})`);

const app = next({ dev, hostname: env.HOST, port: env.PORT });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  handle(req, res).catch((e: unknown) => {
    console.error("[sprout] request failed:", e);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end("Something went wrong on the server.\n");
  });
});
// After the project (the sockets run experiment code): imported here, not at the top.
const { createRealtime } = await import("./lib/realtime/server.ts");
const { presence } = createRealtime(server, { db, read: readDb });
// Deadlines (and dropouts) are fired from the database by a sweep, so they fire with no
// browser open, after restarts, and exactly once with several instances.
const { startSweeper } = await import("./lib/engine/sweep.ts");
const stopSweeper = startSweeper({ db, read: readDb }, presence, env.SPROUT_ONLINE_WINDOW_MS);

server.listen(env.PORT, env.HOST, () => {
  const { port } = server.address() as AddressInfo;
  const host = env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
  console.log(`Database: ${dbFile}`);
  console.log(`Configs: ${project.listConfigs().map(([name]) => name).join(", ")}`);
  console.log(`Sprout is running at http://${host}:${port}/`);
});

function shutdown() {
  stopSweeper();
  presence.stop();
  server.close();
  void Promise.allSettled([db().$disconnect(), readDb().$disconnect()]).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
