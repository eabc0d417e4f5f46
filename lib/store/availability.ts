// Whether the database answers. A PostgreSQL server can go away (a restart, a failover, the
// network) while the instances keep running: requests meanwhile are answered "please wait,
// retrying" (503 with Retry-After), never a 500, and the instances find the database again
// by themselves (server.ts probes it every second; connections are made anew on demand).

// A full connection pool (P2024) or too many connections is a busy server, not a missing one.
const CONNECTION_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"]);
const CONNECTION_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed"]);
const CONNECTION_MESSAGE = /Connection terminated|connect ECONNREFUSED|Can't reach database server|Connection ended unexpectedly|server closed the connection|Client has encountered a connection error|terminating connection due to administrator command|the database system is (starting up|shutting down)/i;

/** True for an error that means the database cannot be reached right now (not the request's fault, not a bug). */
function isUnavailable(e: unknown): boolean {
  for (let err = e as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } } | undefined, depth = 0; err && depth < 5; depth++) {
    if (typeof err.code === "string" && CONNECTION_CODES.has(err.code)) return true;
    if (typeof err.kind === "string" && CONNECTION_KINDS.has(err.kind)) return true;
    if (typeof err.message === "string" && CONNECTION_MESSAGE.test(err.message)) return true;
    err = (err.meta?.driverAdapterError?.cause ?? err.cause) as typeof err;
  }
  return false;
}

// On globalThis: route handlers (the Next bundle) and server.ts share it.
const state = globalThis as unknown as { sproutDatabaseAwaySince?: number | null; sproutDatabaseBackAt?: number };

/** Since when the database has been away, or null while it answers. */
export const databaseAwaySince = (): number | null => state.sproutDatabaseAwaySince ?? null;

/**
 * True when `e` says the database cannot be reached, and then noted (the server holds pages
 * back until the probe sees it again): what every request that met the error does.
 */
export function databaseAwayIn(e: unknown): boolean {
  if (!isUnavailable(e)) return false;
  noteDatabaseAway();
  return true;
}

function noteDatabaseAway(): void {
  state.sproutDatabaseAwaySince ??= Date.now();
}

export function noteDatabaseBack(): void {
  if (state.sproutDatabaseAwaySince != null) state.sproutDatabaseBackAt = Date.now();
  state.sproutDatabaseAwaySince = null;
}

/**
 * Whether the database has answered for at least `ms` without a break. Presence is written
 * every few seconds: right after an outage every record of who is here is stale, and the
 * dropout sweep waits this long rather than take everyone for gone.
 */
export function databaseSettledFor(ms: number): boolean {
  return state.sproutDatabaseAwaySince == null && Date.now() - (state.sproutDatabaseBackAt ?? 0) >= ms;
}

/** Seconds a client should wait before trying again. */
export const RETRY_AFTER_S = 3;

