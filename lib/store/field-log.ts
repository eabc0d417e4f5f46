import type { Tx } from "./db.ts";
import { Prisma } from "./generated/client.ts";
import { encodeJson } from "./json.ts";

export type OwnerKind = "session" | "player" | "group";
export interface Owner {
  kind: OwnerKind;
  id: number;
  sessionId: number;
}

/** Who made a write, from where, and (when it can be determined) which line of code. */
export interface Provenance {
  /** "bot": a stand-in bot the server runs for a dropout's seat (byName "stand-in@<instance>") */
  byKind: "participant" | "hook" | "admin" | "timeout" | "system" | "bot";
  /** admin name, or the hook's name */
  byName?: string | null;
  /** "app/Page" */
  page?: string | null;
  hook?: string | null;
  /** "experiments/app/index.tsx:12" */
  codeLine?: string | null;
}

/** The provenance of what an admin did by hand. */
export const adminBy = (admin: string): Provenance => ({ byKind: "admin", byName: admin });

/** The experiment state a write happened in. */
export interface WriteContext {
  app?: string | null;
  position?: number | null;
  round?: number | null;
}

export interface FieldWriteInput {
  owner: Owner;
  key: string;
  /** undefined writes a tombstone (the field is deleted) */
  value: unknown;
  context: WriteContext;
  provenance: Provenance;
}

const UPSERT_CHUNK = 200;

/**
 * Appends writes to the field log and brings the current values beside it up to date.
 * Call it inside the transaction that makes the change, so both commit or neither.
 */
export async function recordWrites(tx: Tx, writes: FieldWriteInput[]): Promise<void> {
  if (writes.length === 0) return;
  const rows = await tx.fieldWrite.createManyAndReturn({
    data: writes.map((w) => ({
      sessionId: w.owner.sessionId,
      ownerKind: w.owner.kind,
      ownerId: w.owner.id,
      key: w.key,
      value: w.value === undefined ? null : encodeJson(w.value, w.key),
      app: w.context.app ?? null,
      position: w.context.position ?? null,
      round: w.context.round ?? null,
      byKind: w.provenance.byKind,
      byName: w.provenance.byName ?? null,
      page: w.provenance.page ?? null,
      hook: w.provenance.hook ?? null,
      codeLine: w.provenance.codeLine ?? null,
    })),
    select: { seq: true, sessionId: true, ownerKind: true, ownerId: true, key: true, value: true },
  });
  // One upsert row per field, its latest write: PostgreSQL refuses an upsert that touches a
  // row twice, and the rows need not come back in insertion order.
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const key = `${r.ownerKind}\u0000${r.ownerId}\u0000${r.key}`;
    if ((latest.get(key)?.seq ?? -1) < r.seq) latest.set(key, r);
  }
  const current = [...latest.values()];
  for (let i = 0; i < current.length; i += UPSERT_CHUNK) {
    const values = current.slice(i, i + UPSERT_CHUNK).map((r) => Prisma.sql`(${r.sessionId}, ${r.ownerKind}, ${r.ownerId}, ${r.key}, ${r.value}, ${r.seq})`);
    // The seq guard: a transaction that wrote earlier but commits later must not win.
    await tx.$executeRaw`INSERT INTO "FieldValue" ("sessionId", "ownerKind", "ownerId", "key", "value", "seq") VALUES ${Prisma.join(values)}
      ON CONFLICT ("ownerKind", "ownerId", "key") DO UPDATE SET "value" = excluded."value", "seq" = excluded."seq" WHERE excluded."seq" > "FieldValue"."seq"`;
  }
}
