import path from "node:path";
import { z } from "zod";

// The one place that reads process.env: everything else imports `env`.
// Empty strings count as unset, so `PORT= npm start` falls back to the default.
const emptyAsUnset = (v: unknown) => (v === "" ? undefined : v);

const ZEnv = z.object({
  HOST: z.preprocess(emptyAsUnset, z.string().default("127.0.0.1")),
  PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(65535).default(8000)),
  /** A SQLite file URL (the default lives under ./data, git-ignored) or a PostgreSQL URL. */
  DATABASE_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, "DATABASE_URL must be a SQLite file URL (file:path) or a PostgreSQL URL (postgresql://user@host:5432/database)")
      .default("file:./data/sprout.sqlite3"),
  ),
  NODE_ENV: z.preprocess(emptyAsUnset, z.enum(["development", "production", "test"]).default("development")),
  /** Redis joining several instances' sockets (redis://host:6379); without it, PostgreSQL does that job. */
  REDIS_URL: z.preprocess(emptyAsUnset, z.string().regex(/^rediss?:\/\/.+/, "REDIS_URL must be a Redis URL (redis://host:6379)").optional()),
  /** How recently a player must have been seen to count as online (and so not away). */
  SPROUT_ONLINE_WINDOW_MS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(500).max(600_000).default(25_000)),
  /**
   * How long past a page's deadline the server waits for the browser's own auto-submit (which
   * carries the answers entered) before its sweep moves the participant on without them.
   */
  SPROUT_SWEEP_GRACE_MS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(600_000).default(3000)),
});

/** The environment variable holding an admin's password (or its scrypt hash). */
export function adminPasswordVariable(admin: string): string {
  return `SPROUT_ADMIN_PASSWORD_${admin.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** An admin's configured password or password hash, or undefined when none is set. */
export function adminPasswordFromEnv(admin: string): string | undefined {
  const value = process.env[adminPasswordVariable(admin)];
  return value === "" ? undefined : value;
}

/**
 * The secret signing admin login cookies. next-auth reads NEXTAUTH_SECRET itself; server.ts
 * sets it at start from the database unless the deployment sets its own.
 */
export function authSecret(): string | undefined {
  return process.env.NEXTAUTH_SECRET || undefined;
}

/** Every environment variable of the process, for the status page (which masks secrets). */
export function allEnvironmentVariables(): [string, string][] {
  return Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string");
}

export type TEnv = z.infer<typeof ZEnv>;

function parseEnv(): TEnv {
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = parseEnv();

/** Which database a URL names: a SQLite file (file:...) or a PostgreSQL server (postgres://...). */
export type Engine = "sqlite" | "postgresql";
export const engineOf = (url = env.DATABASE_URL): Engine => (/^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite");

/** Absolute path of the SQLite file named by DATABASE_URL. */
export function sqlitePath(url = env.DATABASE_URL): string {
  if (engineOf(url) !== "sqlite") throw new Error("DATABASE_URL names a PostgreSQL database, not a SQLite file");
  return path.resolve(url.replace(/^file:/, ""));
}
