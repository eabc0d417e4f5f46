import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/store/migrate.ts";
import { applyPostgresMigrations } from "../../lib/store/migrate-postgres.ts";

const POSTGRES_SERVER = process.env.SPROUT_BENCH_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

/** A fresh, migrated database for one run of a setup, and how to remove it. */
export async function freshDatabase(engine: string): Promise<{ url: string; remove: () => Promise<void> }> {
  if (engine === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sprout-bench-"));
    applyMigrations(path.join(dir, "bench.sqlite3"));
    return { url: `file:${path.join(dir, "bench.sqlite3")}`, remove: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `sprout_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: POSTGRES_SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  await applyPostgresMigrations(url.toString());
  return {
    url: url.toString(),
    remove: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

