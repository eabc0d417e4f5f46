import { spawnSync } from "node:child_process";
import crypto from "node:crypto";

/**
 * Which database the suite runs on: SQLite by default; `npm test` runs it a second time with
 * SPROUT_TEST_ENGINE=postgresql against the server at SPROUT_TEST_POSTGRES_URL.
 */
export const TEST_ENGINE: "sqlite" | "postgresql" = process.env.SPROUT_TEST_ENGINE === "postgresql" ? "postgresql" : "sqlite";
export const POSTGRES_SERVER_URL = process.env.SPROUT_TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

/** This run's databases are named after it, so two runs on one machine never touch each other's. */
export const TEST_RUN = (process.env.SPROUT_TEST_RUN ??= `${process.pid}_${crypto.randomBytes(3).toString("hex")}`);
export const TEMPLATE_DATABASE = `sprout_tpl_${TEST_RUN}`;
export const DATABASE_PREFIX = `sprout_t_${TEST_RUN}_`;

/** The URL of database `name` on the test server. */
export function postgresUrl(name: string): string {
  const url = new URL(POSTGRES_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the test server's maintenance database (synchronously: helpers that hand out URLs are synchronous). */
export function psql(sql: string): string {
  const run = spawnSync("psql", [POSTGRES_SERVER_URL, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`psql: ${run.stderr || run.error?.message}`);
  return run.stdout.trim();
}

/** A new database, already migrated: a copy of the run's template (global setup migrated it). */
export function freshPostgresUrl(): string {
  const name = `${DATABASE_PREFIX}${crypto.randomBytes(5).toString("hex")}`;
  psql(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
  return postgresUrl(name);
}

/** Drops this run's databases (the template too). */
export function dropRunDatabases(): void {
  const names = psql(`SELECT datname FROM pg_database WHERE datname LIKE '${DATABASE_PREFIX}%' OR datname = '${TEMPLATE_DATABASE}'`).split("\n").filter(Boolean);
  for (const name of names) psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
