import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type Database from "better-sqlite3";
import { keepStatements } from "./sqlite-statements.ts";
import { takeTurns } from "./sqlite-turns.ts";

/**
 * Prisma's SQLite adapter, whose connections keep their compiled statements (sqlite-statements.ts)
 * and whose statements wait for the event loop's next turn (sqlite-turns.ts).
 */
export class SqliteAdapter extends PrismaBetterSqlite3 {
  override async connect() {
    const adapter = await super.connect();
    // The adapter's connection is its public `client` field (not in its declared type).
    keepStatements((adapter as unknown as { client: Database.Database }).client);
    takeTurns(adapter);
    return adapter;
  }
}
