import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { engineOf } from "../env.ts";
import { InvalidInputError } from "../errors.ts";

/** A database made for one `sprout test` run and removed after it. */
export interface ThrowawayDatabase {
  url: string;
  /** Where it lives, for the report ("SQLite" or the PostgreSQL server's host). */
  where: string;
  drop(): Promise<void>;
}

/**
 * Checks `--database`'s value before anything starts: absent or "sqlite" means a SQLite file;
 * a postgresql:// URL names a server (and a database on it to connect to for the creating,
 * "postgres" when the URL names none) on which the run makes a database of its own.
 */
export function parseDatabaseOption(value: string | undefined): { engine: "sqlite" } | { engine: "postgresql"; server: URL } {
  if (value === undefined || value === "sqlite") return { engine: "sqlite" };
  if (engineOf(value) !== "postgresql") throw new InvalidInputError(`--database takes "sqlite" or a postgresql:// URL of a server to make a throwaway database on, not "${value}"`);
  let server: URL;
  try {
    server = new URL(value);
  } catch {
    throw new InvalidInputError(`--database: "${value}" is not a valid postgresql:// URL`);
  }
  if (server.pathname === "" || server.pathname === "/") server.pathname = "/postgres";
  return { engine: "postgresql", server };
}

/**
 * A new, empty database (the server migrates it when it starts): a SQLite file in a temporary
 * folder, or a database named sprout_test_<random> on the PostgreSQL server, dropped with
 * everything in it by `drop` (even while connections are still open).
 */
export async function createThrowawayDatabase(option: ReturnType<typeof parseDatabaseOption>): Promise<ThrowawayDatabase> {
  if (option.engine === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sprout-test-"));
    return { url: `file:${path.join(dir, "sprout.sqlite3")}`, where: "SQLite", drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `sprout_test_${crypto.randomBytes(6).toString("hex")}`;
  const onServer = (sql: string) => withClient(option.server, (c) => c.query(sql));
  await onServer(`CREATE DATABASE "${name}"`).catch((e: unknown) => {
    throw new InvalidInputError(`--database: cannot make a database on ${option.server.host}: ${e instanceof Error ? e.message : String(e)}`);
  });
  const url = new URL(option.server);
  url.pathname = `/${name}`;
  return { url: url.toString(), where: `PostgreSQL on ${option.server.host}`, drop: async () => void (await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)) };
}

async function withClient<T>(url: URL, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
