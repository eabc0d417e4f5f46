/**
 * Writes the next migration for both engines: derives prisma/postgres/schema.prisma from the
 * source schema, applies every committed migration to a scratch SQLite file and a scratch
 * PostgreSQL database, asks Prisma's schema engine (its WASM build: the native one cannot be
 * downloaded here) for the SQL that takes each to the schema, and saves them as
 * prisma/migrations/<timestamp>_<name>/migration.sql and prisma/postgres/migrations/... .
 *
 *   npm run db:migration -- <name>        write it (prints "no changes" when there are none)
 *   npm run db:migration -- --check       exit 1 if the schema has changes with no migration
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineModule from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaPg } from "@prisma/adapter-pg";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../../lib/store/migrate.ts";
import { POSTGRES_MIGRATIONS_DIR } from "../../lib/store/migrate-postgres.ts";
import { derivePostgresSchema, POSTGRES_SCHEMA } from "./postgres-schema.ts";

const SCHEMA = path.resolve("prisma/schema.prisma");
const TRIGGERS = path.resolve("prisma/field-log-triggers.sql");
const POSTGRES_TRIGGERS = path.resolve("prisma/postgres/field-log-triggers.sql");

let schemaEngine: Promise<typeof engineModule.SchemaEngine> | undefined;
/** The WASM module is one instance per process: load it once. */
const loadSchemaEngine = () => (schemaEngine ??= instantiateSchemaEngine());

async function instantiateSchemaEngine() {
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (m: string) => console.error(`schema engine panicked: ${m}`) };
  // The package imports its .wasm as an ES module, which Node 20 cannot do: instantiate it
  // by hand with the JS glue as its import object, as wasm-bindgen's loader would.
  const dir = path.dirname(fileURLToPath(import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg")));
  const bytes = fs.readFileSync(path.join(dir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": engineModule });
  engineModule.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  return engineModule.SchemaEngine;
}

type Diff = { sql: string; triggers: string; dir: string; provider: string };

type Side = { tag: "empty" } | { tag: "schemaDatamodel"; files: { path: string; content: string }[] } | { tag: "schemaDatasource"; files: { path: string; content: string }[]; configDir: string };
const datamodel = (content: string) => ({ tag: "schemaDatamodel" as const, files: [{ path: "schema.prisma", content }] });

/** Asks the schema engine for the SQL from one side to the other (`adapter` is the database a datasource side reads). */
async function diff(schema: string, adapter: Parameters<typeof bindMigrationAwareSqlAdapterFactory>[0], from: Side, to: Side): Promise<string> {
  const SchemaEngine = await loadSchemaEngine();
  const engine = await SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, bindMigrationAwareSqlAdapterFactory(adapter));
  const result = await engine.diff({ from, to, script: true, exitCode: null, filters: { externalTables: [], externalEnums: [] } });
  const sql = (result.stdout ?? "").trim();
  return sql.startsWith("-- This is an empty migration") ? "" : sql;
}

/** SQLite: the committed migrations applied to a scratch file, then diffed against the source schema. */
export async function pendingMigrationSql(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sprout-migrate-"));
  const scratch = path.join(dir, "db.sqlite3");
  applyMigrations(scratch);
  const schema = fs.readFileSync(SCHEMA, "utf8");
  try {
    const files = [{ path: "schema.prisma", content: schema }];
    return await diff(schema, new PrismaBetterSqlite3({ url: `file:${scratch}` }), { tag: "schemaDatasource", files, configDir: dir }, datamodel(schema));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * PostgreSQL: from the committed prisma/postgres/schema.prisma (the schema its last migration
 * reached; nothing before the first) to what the source schema derives now. Datamodel to
 * datamodel: the WASM engine cannot describe a live PostgreSQL database through the adapter.
 */
export async function pendingPostgresMigrationSql(derived: string): Promise<string> {
  const migrated = readMigrations(POSTGRES_MIGRATIONS_DIR).length > 0 && fs.existsSync(POSTGRES_SCHEMA);
  const from: Side = migrated ? datamodel(fs.readFileSync(POSTGRES_SCHEMA, "utf8")) : { tag: "empty" };
  // The engine checks the server it is given, though neither side reads a database.
  const adapter = new PrismaPg({ connectionString: process.env.SPROUT_MIGRATION_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres" });
  return diff(derived, adapter, from, datamodel(derived));
}

function engines(): Diff[] {
  return [
    { sql: "", triggers: TRIGGERS, dir: MIGRATIONS_DIR, provider: "sqlite" },
    { sql: "", triggers: POSTGRES_TRIGGERS, dir: POSTGRES_MIGRATIONS_DIR, provider: "postgresql" },
  ];
}

async function main() {
  const arg = process.argv[2];
  if (!arg) {
    console.error("usage: npm run db:migration -- <name> | --check");
    process.exit(2);
  }
  const derived = derivePostgresSchema(fs.readFileSync(SCHEMA, "utf8"));
  const [sqlite, postgres] = engines() as [Diff, Diff];
  if (arg === "--check") {
    sqlite.sql = await pendingMigrationSql();
    postgres.sql = await pendingPostgresMigrationSql(derived);
    const behind = [sqlite, postgres].filter((d) => d.sql);
    if (behind.length) {
      for (const d of behind) console.error(`${d.provider}: the schema has changes with no migration:\n${d.sql}`);
      process.exit(1);
    }
    console.log("schema and migrations agree (SQLite and PostgreSQL)");
    return;
  }
  if (!/^[a-z0-9_]+$/.test(arg)) throw new Error("migration name: lowercase letters, digits and _ only");
  sqlite.sql = await pendingMigrationSql();
  postgres.sql = await pendingPostgresMigrationSql(derived);
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  if (!sqlite.sql && !postgres.sql) {
    console.log("no changes: the schema matches the committed migrations of both engines");
    return;
  }
  for (const d of [sqlite, postgres]) {
    // A change that is SQL on one engine only still gets a migration of that name on both:
    // a migration name means one schema on either (dumps restore across engines by it).
    if (!d.sql) d.sql = "-- No change for this engine: the schema change needs none here.";
    // SQLite drops a table's triggers when a migration rebuilds it: they go into every migration that touches the field log.
    const sql = /"FieldWrite"/.test(d.sql) ? `${d.sql}\n\n${fs.readFileSync(d.triggers, "utf8")}` : d.sql;
    const dir = path.join(d.dir, `${stamp}_${arg}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
    fs.writeFileSync(path.join(d.dir, "migration_lock.toml"), `provider = "${d.provider}"\n`);
    console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
  // The PostgreSQL schema file is the state its migrations reach: written with them.
  fs.writeFileSync(POSTGRES_SCHEMA, derived);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
