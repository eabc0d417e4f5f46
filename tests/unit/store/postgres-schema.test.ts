import fs from "node:fs";
import { readMigrations } from "@/lib/store/migrate";
import { POSTGRES_MIGRATIONS_DIR } from "@/lib/store/migrate-postgres";
import { derivePostgresSchema, POSTGRES_SCHEMA, SOURCE_SCHEMA } from "@/prisma/tools/postgres-schema";

// One source schema, two engines: the PostgreSQL schema file is exactly what the source derives,
// and each engine's migration history ends at the same name (a dump's migration means one schema).
test("prisma/postgres/schema.prisma is what prisma/schema.prisma derives", () => {
  expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(derivePostgresSchema(fs.readFileSync(SOURCE_SCHEMA, "utf8")));
});

test("both engines' migrations end at the same name, and every PostgreSQL migration has its SQLite twin", () => {
  const sqlite = readMigrations().map((m) => m.name);
  const postgres = readMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name);
  expect(postgres.at(-1)).toBe(sqlite.at(-1));
  for (const name of postgres) expect(sqlite).toContain(name);
});

test("the PostgreSQL migrations make the field log append-only (UPDATE, DELETE and TRUNCATE refused)", () => {
  const sql = readMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.sql).join("\n");
  for (const op of ["UPDATE", "DELETE", "TRUNCATE"]) expect(sql).toMatch(new RegExp(`BEFORE ${op} ON "FieldWrite"`));
});
