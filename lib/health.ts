import type { Db } from "./store/db.ts";
import { databaseAwaySince } from "./store/availability.ts";
import { pendingDatabaseMigrations } from "./store/database.ts";

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
  /** when the sweeper last finished a round (it runs every second) */
  sweeperRoundAt: () => number;
  draining: () => boolean;
}

/** A sweeper silent this long is stuck (a round normally takes milliseconds). */
const SWEEPER_STALL_MS = 30_000;
const DATABASE_TIMEOUT_MS = 2000;

async function databaseCheck(db: () => Db): Promise<string> {
  if (databaseAwaySince() !== null) return "the database does not answer";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no answer within ${DATABASE_TIMEOUT_MS} ms`), DATABASE_TIMEOUT_MS)));
  try {
    return await Promise.race([db().$queryRaw`SELECT 1`.then(() => "ok"), late]);
  } catch (e) {
    return `the database does not answer (${(e as Error).message.split("\n")[0]})`;
  } finally {
    clearTimeout(timer);
  }
}

export function readinessCheck(sources: ReadinessSources): () => Promise<Readiness> {
  // Migrations are never unapplied: once all are seen applied, that is not asked again.
  let migrated = false;
  const migrationsCheck = async () => {
    if (migrated) return "ok";
    try {
      const pending = await pendingDatabaseMigrations();
      migrated = pending.length === 0;
      return migrated ? "ok" : `${pending.length} pending (${pending.join(", ")}): run npm run sprout -- migrate, or start with SPROUT_MIGRATE_AT_START=true`;
    } catch (e) {
      return `cannot be read (${(e as Error).message.split("\n")[0]})`;
    }
  };
  return async () => {
    const [database, migrations] = await Promise.all([databaseCheck(sources.db), migrationsCheck()]);
    const quietFor = Date.now() - sources.sweeperRoundAt();
    const checks = {
      database,
      migrations,
      sweeper: quietFor < SWEEPER_STALL_MS ? "ok" : `no round finished for ${Math.round(quietFor / 1000)} s`,
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

/** The answer to a health request: liveness is always 200 while the process runs. */
export async function healthResponse(kind: "live" | "ready"): Promise<{ status: number; body: string }> {
  if (kind === "live") return { status: 200, body: JSON.stringify({ live: true }) };
  const r = await readiness();
  return { status: r.ready ? 200 : 503, body: JSON.stringify(r) };
}
