/**
 * Writes the next migration: applies every committed migration to a scratch SQLite file,
 * asks Prisma's schema engine (its WASM build: the native one cannot be downloaded here)
 * for the SQL that takes that database to prisma/schema.prisma, and saves it as
 * prisma/migrations/<timestamp>_<name>/migration.sql.
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
import { applyMigrations, MIGRATIONS_DIR } from "../../lib/store/migrate.ts";

const SCHEMA = path.resolve("prisma/schema.prisma");
const TRIGGERS = path.resolve("prisma/field-log-triggers.sql");

async function loadSchemaEngine() {
  // The package imports its .wasm as an ES module, which Node 20 cannot do: instantiate it
  // by hand with the JS glue as its import object, as wasm-bindgen's loader would.
  const dir = path.dirname(fileURLToPath(import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg")));
  const bytes = fs.readFileSync(path.join(dir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": engineModule });
  engineModule.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  return engineModule.SchemaEngine;
}

export async function pendingMigrationSql(): Promise<string> {
  const scratch = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sprout-migrate-")), "db.sqlite3");
  applyMigrations(scratch);
  const schema = fs.readFileSync(SCHEMA, "utf8");
  const files = [{ path: "schema.prisma", content: schema }];
  const SchemaEngine = await loadSchemaEngine();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaBetterSqlite3({ url: `file:${scratch}` }));
  const engine = await SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, adapter);
  const result = await engine.diff({
    from: { tag: "schemaDatasource", files, configDir: path.dirname(scratch) },
    to: { tag: "schemaDatamodel", files },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  fs.rmSync(path.dirname(scratch), { recursive: true, force: true });
  const sql = (result.stdout ?? "").trim();
  return sql.startsWith("-- This is an empty migration") ? "" : sql;
}

async function main() {
  const arg = process.argv[2];
  if (!arg) {
    console.error("usage: npm run db:migration -- <name> | --check");
    process.exit(2);
  }
  let sql = await pendingMigrationSql();
  if (arg === "--check") {
    if (sql) {
      console.error(`prisma/schema.prisma has changes with no migration:\n${sql}`);
      process.exit(1);
    }
    console.log("schema and migrations agree");
    return;
  }
  if (!/^[a-z0-9_]+$/.test(arg)) throw new Error("migration name: lowercase letters, digits and _ only");
  if (!sql) {
    console.log("no changes: prisma/schema.prisma matches the committed migrations");
    return;
  }
  if (/"FieldWrite"/.test(sql)) sql += `\n\n${fs.readFileSync(TRIGGERS, "utf8")}`;
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${arg}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
  fs.writeFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), 'provider = "sqlite"\n');
  console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
