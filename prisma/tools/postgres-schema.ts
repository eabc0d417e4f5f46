/**
 * The PostgreSQL schema is derived from the one source, prisma/schema.prisma: a Prisma client
 * is generated for one provider only, and the provider cannot come from an environment
 * variable, so PostgreSQL gets its own schema file (same models) and its own client.
 *
 *   npm run db:postgres-schema      rewrite prisma/postgres/schema.prisma from the source
 *
 * A test checks that the committed file is what this derives.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SOURCE_SCHEMA = path.resolve("prisma/schema.prisma");
export const POSTGRES_SCHEMA = path.resolve("prisma/postgres/schema.prisma");

const HEADER = `// DERIVED from prisma/schema.prisma by prisma/tools/postgres-schema.ts: do not edit by hand.
// Migrations for PostgreSQL live in prisma/postgres/migrations.
`;

export function derivePostgresSchema(source: string): string {
  const body = source
    .replace(/^(\/\/[^\n]*\n)+\n?/, "")
    .replace(/output\s*=\s*"\.\.\/lib\/store\/generated"/, 'output       = "../../lib/store/generated-pg"')
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
  if (!body.includes('"postgresql"') || !body.includes("generated-pg")) throw new Error("prisma/schema.prisma: the generator output or the datasource provider was not found");
  return `${HEADER}\n${body}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  fs.writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(fs.readFileSync(SOURCE_SCHEMA, "utf8")));
  console.log(`wrote ${path.relative(process.cwd(), POSTGRES_SCHEMA)}`);
}
