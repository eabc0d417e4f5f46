/** Ids per IN list (a session page of 1,000 players once hit Prisma's bound-value limit, P2029: SQLite takes at most 999). */
const CHUNK = 500;

/** `ids` in lists short enough for one IN each. */
export function idChunks(ids: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(ids.slice(i, i + CHUNK));
  return out;
}
