import type { Db, Tx } from "../../store/db.ts";
import type { FieldWriteInput, Owner, Provenance, WriteContext } from "../../store/field-log.ts";
import { recordWrites } from "../../store/field-log.ts";

/**
 * Collects the writes of one request so they reach the log in one batch inside its
 * transaction, and lets code read what it wrote before the batch is stored.
 */
export class WriteBuffer {
  private writes: FieldWriteInput[] = [];
  private readonly latest = new Map<string, unknown>();

  add(write: FieldWriteInput): void {
    this.writes.push(write);
    this.latest.set(ownerKey(write.owner, write.key), write.value);
  }

  /** [true, value] when this request wrote the field (value undefined = deleted). */
  lookup(owner: Owner, key: string): [boolean, unknown] {
    const k = ownerKey(owner, key);
    return this.latest.has(k) ? [true, this.latest.get(k)] : [false, undefined];
  }

  /** The pending writes of one field, oldest first (round history merges them after the stored ones). */
  pendingWrites(owner: Owner, key: string): readonly FieldWriteInput[] {
    const k = ownerKey(owner, key);
    return this.writes.filter((w) => ownerKey(w.owner, w.key) === k);
  }

  /** How many writes are pending. */
  size(): number {
    return this.writes.length;
  }

  /** The players whose fields the pending writes change. */
  playersWritten(): number[] {
    return [...new Set(this.writes.filter((w) => w.owner.kind === "player").map((w) => w.owner.id))];
  }

  /** Stores the writes so far (and forgets them: a second flush adds only newer ones). */
  flush(tx: Tx): Promise<void> {
    const writes = this.writes;
    this.writes = [];
    return recordWrites(tx, writes);
  }
}

const ownerKey = (o: Owner, key: string) => `${o.kind}:${o.id}:${key}`;

/** Where the handle's writes come from; the code line is filled in per write. */
export interface HandleScope {
  db: Db | Tx;
  /** null for read-only handles (render) */
  buffer: WriteBuffer | null;
  provenance: Provenance;
  context: WriteContext;
}
