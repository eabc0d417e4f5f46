import { createDb, type Db } from "@/lib/store/db";
import { applyMigrations } from "@/lib/store/migrate";
import { freshDatabaseUrl } from "./server";

/** A new SQLite file built from every committed migration, with a client on it. */
export function freshDb(): { db: Db; file: string; url: string } {
  const url = freshDatabaseUrl();
  const file = url.replace(/^file:/, "");
  applyMigrations(file);
  return { db: createDb(url), file, url };
}
