import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { readMigrations } from "./migrate.ts";

/** PostgreSQL's migrations: generated from prisma/postgres/schema.prisma (derived from the one source schema). */
export const POSTGRES_MIGRATIONS_DIR = path.resolve("prisma/postgres/migrations");

/** Any fixed number: the advisory lock every instance takes to migrate, so migrations run once. */
const MIGRATION_LOCK = 74_023_170_015;

// Prisma's own table, as `prisma migrate deploy` creates it on PostgreSQL.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function appliedMigrations(client: pg.Client): Promise<Map<string, string>> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (!exists.rows[0].present) return new Map();
  const rows = await client.query<{ migration_name: string; checksum: string }>(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
  return new Map(rows.rows.map((r) => [r.migration_name, r.checksum]));
}

/**
 * Applies every migration not yet applied, each in its own transaction, under an advisory
 * lock: of several instances starting at once, one migrates and the others wait, then find
 * nothing left to do. Returns the names it applied.
 */
export async function applyPostgresMigrations(url: string, dir = POSTGRES_MIGRATIONS_DIR): Promise<string[]> {
  return withClient(url, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const applied = await appliedMigrations(client);
      const done: string[] = [];
      for (const m of readMigrations(dir)) {
        const checksum = applied.get(m.name);
        if (checksum !== undefined) {
          if (checksum !== m.checksum) throw new Error(`Migration ${m.name} was changed after it was applied to this database. Committed migrations must not be edited; add a new one.`);
          continue;
        }
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at) VALUES ($1, $2, now(), $3, 1, now())`,
            [crypto.randomUUID(), m.checksum, m.name],
          );
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK");
          throw e;
        }
        done.push(m.name);
      }
      return done;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  });
}

/** The committed migrations not yet applied (read-only). */
export async function pendingPostgresMigrations(url: string, dir = POSTGRES_MIGRATIONS_DIR): Promise<string[]> {
  const applied = await withClient(url, appliedMigrations);
  return readMigrations(dir)
    .map((m) => m.name)
    .filter((n) => !applied.has(n));
}
