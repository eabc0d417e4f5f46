import { createDb, type Db } from "@/lib/store/db";
import { applyMigrations } from "@/lib/store/migrate";
import { TEST_ENGINE } from "./engine";
import { freshDatabaseUrl, freshSqliteUrl } from "./server";

/** A new database built from every committed migration (SQLite file, or a copy of the run's migrated PostgreSQL template), with a client on it. */
export function freshDb(engine = TEST_ENGINE): { db: Db; file: string; url: string } {
  const url = engine === "sqlite" ? freshSqliteUrl() : freshDatabaseUrl();
  const file = url.replace(/^file:/, "");
  if (engine === "sqlite") applyMigrations(file);
  return { db: createDb(url), file, url };
}
