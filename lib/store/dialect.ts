import type { Db, Tx } from "./db.ts";

/** The SQL a client speaks. Raw SQL that differs between the engines asks this, in one place each. */
export type Dialect = "sqlite" | "postgresql";

/** Prisma's generated client records its provider; transaction clients carry it too. */
export const dialectOf = (client: Db | Tx): Dialect => ((client as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite");

/** The n-th (1-based) bound parameter of a raw statement. */
export const placeholder = (dialect: Dialect, n: number) => (dialect === "postgresql" ? `$${n}` : "?");

/** Lock names for serialize(): any fixed numbers, one per kind of work. */
export const LOCKS = { signInAttempts: 74_023_170_101 } as const;

/**
 * Makes transactions doing the same kind of work run one after another, so each sees what the
 * ones before it wrote: a transaction-scoped advisory lock on PostgreSQL, which otherwise lets
 * concurrent transactions each miss the others' uncommitted rows. SQLite runs one writing
 * transaction at a time anyway.
 */
export async function serialize(tx: Tx, lock: number): Promise<void> {
  if (dialectOf(tx) === "postgresql") await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${Math.trunc(lock)})`);
}
