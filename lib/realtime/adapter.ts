import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import { createAdapter as createRedisAdapter } from "@socket.io/redis-adapter";
import pg from "pg";
import { createClient } from "redis";
import type { Server } from "socket.io";
import { engineOf, env } from "../env.ts";
import { log } from "../log.ts";

const joined = new WeakSet<Server>();

/** Whether this socket.io server is joined to other instances (it may then tell them things). */
export const isJoined = (io: Server): boolean => joined.has(io);

/** How this instance reaches the others' sockets; null: alone (SQLite, one process). */
export interface Joined {
  kind: "PostgreSQL" | "Redis";
  close: () => Promise<void>;
}

/**
 * Joins this instance's socket.io server to the other instances', so an emit to a room reaches
 * every tab in it, whichever instance holds it. With REDIS_URL: the Redis adapter (pub/sub, the
 * lowest latency, for studies large enough to run Redis anyway). Otherwise on PostgreSQL: its
 * adapter, over LISTEN/NOTIFY on the database every instance already shares (no extra service;
 * payloads over 8 kB go through a table). SQLite runs one process and needs none.
 */
export async function joinInstances(io: Server): Promise<Joined | null> {
  if (env.REDIS_URL) {
    let started = false;
    // A Redis that is not there at the start stops the start (node-redis would retry for ever);
    // one that goes away later is reconnected to.
    const pub = createClient({ url: env.REDIS_URL, socket: { reconnectStrategy: (retries) => (started ? Math.min(retries * 100, 2000) : new Error("Redis does not answer")) } });
    const sub = pub.duplicate();
    for (const client of [pub, sub]) client.on("error", (e: Error) => log.warn({ err: e.message }, "Redis connection problem"));
    await Promise.all([pub.connect(), sub.connect()]);
    started = true;
    io.adapter(createRedisAdapter(pub, sub));
    joined.add(io);
    return { kind: "Redis", close: async () => void (await Promise.allSettled([pub.quit(), sub.quit()])) };
  }
  if (engineOf() !== "postgresql") return null;
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
  const warn = (e: Error) => log.warn({ err: e.message }, "socket adapter (PostgreSQL) problem");
  pool.on("error", warn);
  // The adapter keeps one client checked out for LISTEN without an error listener of its own:
  // a database restart must not become an uncaught 'error' event.
  pool.on("connect", (client) => client.on("error", warn));
  // Two instances starting at once may both create it: the loser's "already exists" is fine.
  await pool.query(`CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`).catch((e: { code?: string }) => {
    if (e.code !== "42P07" && e.code !== "23505") throw e;
  });
  io.adapter(createPostgresAdapter(pool, { errorHandler: warn }));
  joined.add(io);
  // Closing the sockets first releases the LISTEN client, which pool.end() waits for.
  return { kind: "PostgreSQL", close: async () => (await io.close().catch(() => undefined), await pool.end()) };
}
