import http from "node:http";
import type { AddressInfo } from "node:net";
import next from "next";
import { env, sqlitePath } from "./lib/env.ts";
import { listConfigs } from "./lib/engine/project.ts";
import { createRealtime } from "./lib/realtime/server.ts";
import { db } from "./lib/store/db.ts";
import { applyMigrations } from "./lib/store/migrate.ts";

// Stacks point at the experiment's own source (the field log records file:line).
process.setSourceMapsEnabled(true);

const dev = env.NODE_ENV !== "production";
const dbFile = sqlitePath();
const applied = applyMigrations(dbFile);
if (applied.length > 0) console.log(`Database migrated (${applied.join(", ")})`);

const app = next({ dev, hostname: env.HOST, port: env.PORT });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => void handle(req, res));
createRealtime(server);

server.listen(env.PORT, env.HOST, () => {
  const { port } = server.address() as AddressInfo;
  const host = env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
  console.log(`Database: ${dbFile}`);
  console.log(`Configs: ${listConfigs().map(([name]) => name).join(", ")}`);
  console.log(`Sprout is running at http://${host}:${port}/`);
});

function shutdown() {
  server.close();
  void db().$disconnect().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
