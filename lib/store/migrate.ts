import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * Applies the committed migrations in prisma/migrations to a SQLite file, the way
 * `prisma migrate deploy` does: same folder layout, same `_prisma_migrations` table, same
 * checksum (sha256 of migration.sql), so Prisma's own CLI can take over where its native
 * engine is available. We apply them ourselves because that engine cannot be downloaded here.
 */
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  // Read from the working folder at run time (the container copies prisma/), never traced into the build.
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

/** Opens (creating if needed) the SQLite file with the settings Sprout relies on. */
export function openSqlite(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // WAL lets the admin read while participants write; it is a property of the file,
  // so setting it here covers Prisma's connection too.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  return sqlite;
}

/** The migrations finished on this database: name → checksum. */
function appliedMigrations(sqlite: Database.Database): Map<string, string> {
  const rows = sqlite.prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as { migration_name: string; checksum: string }[];
  return new Map(rows.map((r) => [r.migration_name, r.checksum]));
}

/** Applies every migration not yet applied; returns the names it applied. */
export function applyMigrations(file: string, dir = MIGRATIONS_DIR): string[] {
  const sqlite = openSqlite(file);
  try {
    sqlite.exec(CREATE_MIGRATIONS_TABLE);
    const applied = appliedMigrations(sqlite);
    const done: string[] = [];
    for (const m of readMigrations(dir)) {
      const checksum = applied.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new Error(`Migration ${m.name} was changed after it was applied to ${file}. Committed migrations must not be edited; add a new one.`);
        }
        continue;
      }
      // Prisma's table rebuilds (DROP TABLE, RENAME) rely on foreign keys being off, and SQLite
      // ignores that pragma inside a transaction: switch them off around it, or dropping a
      // table would cascade (SET NULL, RESTRICT) through live data. Checked before commit.
      sqlite.pragma("foreign_keys = OFF");
      try {
        sqlite.transaction(() => {
          sqlite.exec(m.sql);
          const broken = sqlite.pragma("foreign_key_check") as unknown[];
          if (broken.length > 0) throw new Error(`Migration ${m.name} leaves ${broken.length} rows with broken foreign keys; nothing was changed`);
          sqlite
            .prepare(
              `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
               VALUES (?, ?, current_timestamp, ?, 1, current_timestamp)`,
            )
            .run(crypto.randomUUID(), m.checksum, m.name);
        })();
      } finally {
        sqlite.pragma("foreign_keys = ON");
      }
      done.push(m.name);
    }
    return done;
  } finally {
    sqlite.close();
  }
}

/** The committed migrations not yet applied to an existing file (read-only: nothing is created or changed). */
export function pendingMigrations(file: string, dir = MIGRATIONS_DIR): string[] {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    const applied = table ? appliedMigrations(sqlite) : new Map<string, string>();
    return readMigrations(dir)
      .map((m) => m.name)
      .filter((n) => !applied.has(n));
  } finally {
    sqlite.close();
  }
}
