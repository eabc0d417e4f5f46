import fs from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";
import { PrismaClient as PostgresClient } from "./generated-pg/client.ts";
import { engineOf, env, sqlitePath } from "../env.ts";
import { SqliteAdapter } from "./sqlite-adapter.ts";

/** Connections per PostgreSQL client (per instance: db() and readDb() share one client there). */
const POOL_SIZE = 10;

export type Db = PrismaClient;
/** A transaction handle: what engine functions take so they compose inside one transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// server.ts and the Next bundle are separate module graphs in one process: parking the
// clients on globalThis makes them share connections instead of opening more.
const globalForDb = globalThis as unknown as { sproutDb?: PrismaClient; sproutReadDb?: PrismaClient };

export function createDb(url = env.DATABASE_URL): PrismaClient {
  // Transactions queue for the writer (SQLite has one; PostgreSQL row locks): under a burst (a
  // wait page releasing hundreds) Prisma's defaults (2 s to start, 5 s to run) would turn a
  // queue into errors.
  const transactionOptions = { maxWait: 15_000, timeout: 30_000 };
  if (engineOf(url) === "postgresql") {
    // Its own generated client (the provider is fixed per client); the models are the same, so
    // the rest of the code sees one type.
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: 5000, keepAlive: true }), transactionOptions }) as unknown as PrismaClient;
  }
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return new PrismaClient({ adapter: new SqliteAdapter({ url: `file:${file}` }), transactionOptions });
}

/** The client for transactions: every write goes through `db().$transaction`. */
export function db(): PrismaClient {
  globalForDb.sproutDb ??= createDb();
  return globalForDb.sproutDb;
}

/**
 * The client for reads outside transactions (rendering pages). The SQLite adapter runs every
 * statement on one connection, so a read on db() while another request's transaction is open
 * would see that transaction's uncommitted rows: reads get a second connection, which in WAL
 * mode sees only committed data and never waits for the writer. On PostgreSQL every pooled
 * connection reads committed data already: one client (one pool) serves both.
 */
export function readDb(): PrismaClient {
  globalForDb.sproutReadDb ??= engineOf() === "postgresql" ? db() : createDb();
  return globalForDb.sproutReadDb;
}
