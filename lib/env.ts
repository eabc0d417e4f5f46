import path from "node:path";
import * as nextEnvModule from "@next/env";
import { z } from "zod";

// The one place that reads process.env: everything else imports `env`.
//
// A .env file (and .env.local, .env.production, ...) is loaded here with Next's own loader,
// so server.ts, the Next app and the CLI see the same values by the same rules; a variable
// already set in the environment wins over the file.
// A CommonJS module: Node's ESM loader offers it as the default export only, bundlers and Jest as named exports.
const nextEnv = (nextEnvModule as { default?: typeof nextEnvModule }).default ?? nextEnvModule;
nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production", { info: () => undefined, error: (...a: unknown[]) => console.error(...a) });

// Empty strings count as unset, so `PORT= npm start` falls back to the default.
const emptyAsUnset = (v: unknown) => (v === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema.optional());
const whole = (min: number, max: number, fallback: number) =>
  z.preprocess(emptyAsUnset, z.coerce.number({ error: `must be a whole number from ${min} to ${max}` }).int(`must be a whole number from ${min} to ${max}`).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).default(fallback));
const flag = (fallback: boolean) =>
  z.preprocess(
    (v) => (v === "" || v === undefined ? fallback : typeof v === "string" ? v.toLowerCase() : v),
    z.union([z.boolean(), z.enum(["true", "1", "yes", "on"]).transform(() => true), z.enum(["false", "0", "no", "off"]).transform(() => false)], { error: "must be true or false" }),
  );

const ZEnv = z.object({
  HOST: z.preprocess(emptyAsUnset, z.string().regex(/^[^\s/]+$/, "must be a host name or address, such as 127.0.0.1 or 0.0.0.0").default("127.0.0.1")),
  PORT: whole(0, 65535, 8000),
  /** A SQLite file URL (the default lives under ./data, git-ignored) or a PostgreSQL URL. */
  DATABASE_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, "must be a SQLite file URL (file:path) or a PostgreSQL URL (postgresql://user@host:5432/database)")
      .default("file:./data/sprout.sqlite3"),
  ),
  NODE_ENV: z.preprocess(emptyAsUnset, z.enum(["development", "production", "test"], { error: "must be development, production or test" }).default("development")),
  /** Redis joining several instances' sockets (redis://host:6379); without it, PostgreSQL does that job. */
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\/.+/, "must be a Redis URL (redis://host:6379)")),
  /** Signs admin login cookies; by default made at the first start and kept in the database. */
  NEXTAUTH_SECRET: optional(z.string().min(16, "must be at least 16 characters (openssl rand -base64 32 makes one)")),
  /** The address people reach the server at (behind a proxy: its https address); by default the one it listens on. */
  NEXTAUTH_URL: optional(z.url({ protocol: /^https?$/, error: "must be an http(s) URL, such as https://study.example.org" })),
  /**
   * How many proxies in front of Sprout to trust (0: none, the connecting address is the
   * client's). With N, the client is the Nth address from the right of X-Forwarded-For and
   * X-Forwarded-Proto says whether the browser used https (lib/auth/request-peer.ts).
   */
  TRUST_PROXY: whole(0, 10, 0),
  /** How recently a player must have been seen to count as online (and so not away). */
  SPROUT_ONLINE_WINDOW_MS: whole(500, 600_000, 25_000),
  /**
   * How long past a page's deadline the server waits for the browser's own auto-submit (which
   * carries the answers entered) before its sweep moves the participant on without them.
   */
  SPROUT_SWEEP_GRACE_MS: whole(0, 600_000, 3000),
  /**
   * Participant page requests at work at once (each instance); more wait in line, in order of
   * arrival (lib/participant-page/line.ts). SPROUT_PARTICIPANT_QUEUE: how many may wait before
   * the next is answered at once with a page that retries by itself.
   */
  SPROUT_PARTICIPANT_CONCURRENCY: whole(1, 1000, 16),
  SPROUT_PARTICIPANT_QUEUE: whole(0, 1_000_000, 5000),
  /** Whether the server applies pending migrations when it starts (off: `sprout migrate` does). */
  SPROUT_MIGRATE_AT_START: flag(true),
  /** Admin API requests per token per minute, counted by each instance (lib/api/rate-limit.ts). */
  SPROUT_API_RATE_LIMIT: whole(1, 1_000_000, 600),
  /** On SIGTERM, how long requests in flight may take to finish before the process exits anyway. */
  SPROUT_SHUTDOWN_TIMEOUT_MS: whole(0, 600_000, 10_000),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === "string" && v !== "" ? v.toLowerCase() : undefined),
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "must be one of fatal, error, warn, info, debug, trace, silent" }).default("info"),
  ),
  /** json: one JSON object per line (for log collectors); pretty: for people. Default: pretty on a terminal. */
  LOG_FORMAT: z.preprocess(
    (v) => (typeof v === "string" && v !== "" ? v.toLowerCase() : process.stdout.isTTY ? "pretty" : "json"),
    z.enum(["json", "pretty"], { error: "must be json or pretty" }),
  ),
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

/** What is wrong with the environment, one line per variable (empty when nothing is). */
export function environmentProblems(source: NodeJS.ProcessEnv = process.env): string[] {
  const parsed = ZEnv.safeParse(source);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => {
    const name = String(i.path[0]);
    return `${name}=${JSON.stringify(source[name] ?? "")} ${i.message}`;
  });
}

function parseEnv(): TEnv {
  const problems = environmentProblems();
  if (problems.length > 0) {
    const line = `Sprout cannot start: ${problems.join("; ")}`;
    // Outside Next (server.ts, the CLI) a bad value stops the process with one line, no stack.
    // Inside Next it cannot happen (server.ts checked first), and exiting there would be wrong.
    if (!process.env.NEXT_RUNTIME) {
      console.error(line);
      process.exit(1);
    }
    throw new Error(line);
  }
  return ZEnv.parse(process.env);
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
