import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client.ts";
import { env, sqlitePath } from "../env.ts";

export type Db = PrismaClient;
/** A transaction handle: what engine functions take so they compose inside one transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// server.ts and the Next bundle are separate module graphs in one process: parking the
// clients on globalThis makes them share connections instead of opening more.
const globalForDb = globalThis as unknown as { sproutDb?: PrismaClient; sproutReadDb?: PrismaClient };

export function createDb(url = env.DATABASE_URL): PrismaClient {
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Transactions queue for SQLite's one writer: under a burst (a wait page releasing hundreds)
  // Prisma's defaults (2 s to start, 5 s to run) would turn a queue into errors.
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}` }), transactionOptions: { maxWait: 15_000, timeout: 30_000 } });
}

/** The client for transactions: every write goes through `db().$transaction`. */
export function db(): PrismaClient {
  globalForDb.sproutDb ??= createDb();
  return globalForDb.sproutDb;
}

/**
 * A client on a second connection, for reads outside transactions (rendering pages). The
 * SQLite adapter runs every statement on one connection, so a read on db() while another
 * request's transaction is open would see that transaction's uncommitted rows; in WAL mode
 * this connection sees only committed data and never waits for the writer.
 */
export function readDb(): PrismaClient {
  globalForDb.sproutReadDb ??= createDb();
  return globalForDb.sproutReadDb;
}
