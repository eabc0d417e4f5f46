import fs from "node:fs";
import { engineOf, env, sqlitePath } from "../env.ts";
import { applyPostgresMigrations, pendingPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from "./migrate-postgres.ts";
import { applyMigrations, pendingMigrations, readMigrations } from "./migrate.ts";

// The operations on "the database DATABASE_URL names" that differ between SQLite and
// PostgreSQL, in one place; everything else goes through Prisma and does not care.

/** Brings the database to the latest committed migration; returns the names applied. */
export async function migrateDatabase(url = env.DATABASE_URL): Promise<string[]> {
  return engineOf(url) === "postgresql" ? applyPostgresMigrations(url) : applyMigrations(sqlitePath(url));
}

/** The committed migrations not yet applied (read-only; a missing SQLite file has them all pending). */
export async function pendingDatabaseMigrations(url = env.DATABASE_URL): Promise<string[]> {
  if (engineOf(url) === "postgresql") return pendingPostgresMigrations(url);
  const file = sqlitePath(url);
  return fs.existsSync(file) ? pendingMigrations(file) : readMigrations().map((m) => m.name);
}

/** No SQLite file yet, or a PostgreSQL database without a single migration applied. */
export async function databaseIsNew(url = env.DATABASE_URL): Promise<boolean> {
  if (engineOf(url) === "sqlite") return !fs.existsSync(sqlitePath(url));
  return (await pendingPostgresMigrations(url)).length === readMigrations(POSTGRES_MIGRATIONS_DIR).length;
}

/** Where the data is, for people: the SQLite file, or the PostgreSQL address without its password. */
export function describeDatabase(url = env.DATABASE_URL): string {
  if (engineOf(url) === "sqlite") return sqlitePath(url);
  const u = new URL(url);
  if (u.password) u.password = "••••••";
  return `PostgreSQL ${u.toString()}`;
}
