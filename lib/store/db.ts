import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client.ts";
import { env, sqlitePath } from "../env.ts";

export type Db = PrismaClient;
/** A transaction handle: what engine functions take so they compose inside one transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// server.ts and the Next bundle are separate module graphs in one process: parking the
// client on globalThis makes them share one connection instead of opening two.
const globalForDb = globalThis as unknown as { sproutDb?: PrismaClient };

export function createDb(url = env.DATABASE_URL): PrismaClient {
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}` }) });
}

export function db(): PrismaClient {
  globalForDb.sproutDb ??= createDb();
  return globalForDb.sproutDb;
}
