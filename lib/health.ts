import { engineOf } from "./env.ts";
import type { Db } from "./store/db.ts";
import { databaseAwayIn, databaseAwaySince } from "./store/availability.ts";
import { MIGRATIONS_DIR, readMigrations } from "./store/migrate.ts";
import { POSTGRES_MIGRATIONS_DIR } from "./store/migrate-postgres.ts";

// Liveness and readiness, for load balancers, the container's HEALTHCHECK and monitors.
// Live: the process answers. Ready: it should be sent participants: the database answers,
// every migration is applied, the sweeper (deadlines, dropouts) runs, and it is not shutting
// down. server.ts installs the check; the Next route /api/health/ reaches it through globalThis.

export interface Readiness {
  ready: boolean;
  /** each check: "ok" or what is wrong */
  checks: { database: string; migrations: string; sweeper: string; shutdown: string };
}

export interface ReadinessSources {
  db: () => Db;
  /** when the sweeper last finished a round (it runs every second), or null before it starts */
  sweeperRoundAt: () => number | null;
  draining: () => boolean;
}

/** A sweeper silent this long is stuck (a round normally takes milliseconds). */
const SWEEPER_STALL_MS = 30_000;
const DATABASE_TIMEOUT_MS = 2000;

/** The migrations this version of Sprout commits (files: read once). */
let committed: string[] | null = null;
const committedMigrations = () => (committed ??= readMigrations(engineOf() === "postgresql" ? POSTGRES_MIGRATIONS_DIR : MIGRATIONS_DIR).map((m) => m.name));

/**
 * The database and migrations checks in one query (readiness is probed every few seconds, and
 * /api/health/ is also the bench's floor for a route with one query): which migrations are applied.
 */
async function databaseChecks(db: () => Db): Promise<{ database: string; migrations: string }> {
  if (databaseAwaySince() !== null) return { database: "the database does not answer", migrations: "unknown" };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS)));
  try {
    const rows = await Promise.race([db().$queryRaw<{ name: string }[]>`SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`, late]);
    const applied = new Set(rows.map((r) => r.name));
    const pending = committedMigrations().filter((m) => !applied.has(m));
    return { database: "ok", migrations: pending.length === 0 ? "ok" : pendingMessage(pending) };
  } catch (e) {
    const message = (e as Error).message.split("\n")[0] ?? "";
    if (databaseAwayIn(e) || /no answer within/.test(message)) return { database: `the database does not answer (${message})`, migrations: "unknown" };
    // It answered, but has no migrations table: nothing was ever applied.
    return { database: "ok", migrations: pendingMessage(committedMigrations()) };
  } finally {
    clearTimeout(timer);
  }
}

const pendingMessage = (pending: string[]) => `${pending.length} pending (${pending.join(", ")}): run npm run sprout -- migrate, or start with SPROUT_MIGRATE_AT_START=true`;

export function readinessCheck(sources: ReadinessSources): () => Promise<Readiness> {
  return async () => {
    const { database, migrations } = await databaseChecks(sources.db);
    const roundAt = sources.sweeperRoundAt();
    const quietFor = roundAt === null ? null : Date.now() - roundAt;
    const checks = {
      database,
      migrations,
      sweeper: quietFor === null ? "not started yet" : quietFor < SWEEPER_STALL_MS ? "ok" : `no round finished for ${Math.round(quietFor / 1000)} s`,
      shutdown: sources.draining() ? "shutting down" : "ok",
    };
    return { ready: Object.values(checks).every((c) => c === "ok"), checks };
  };
}

const key = Symbol.for("sprout.readiness");
const holder = globalThis as typeof globalThis & { [key]?: () => Promise<Readiness> };

export function installReadiness(check: () => Promise<Readiness>): void {
  holder[key] = check;
}

/** The installed check; not ready when nothing installed one (the app runs without server.ts). */
export async function readiness(): Promise<Readiness> {
  const check = holder[key];
  if (check) return check();
  const missing = "the server was not started by server.ts (npm start)";
  return { ready: false, checks: { database: missing, migrations: missing, sweeper: missing, shutdown: "ok" } };
}

/**
 * The answer to a health request: liveness is always 200 while the process runs, with how
 * many requests it is serving (this one included: a measure of load, and what a shutdown waits for).
 */
export async function healthResponse(kind: "live" | "ready", inFlight = 0): Promise<{ status: number; body: string }> {
  if (kind === "live") return { status: 200, body: JSON.stringify({ live: true, inFlight }) };
  const r = await readiness();
  return { status: r.ready ? 200 : 503, body: JSON.stringify(r) };
}
