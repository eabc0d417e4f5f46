import type { JsonValue, PlayerApi, SessionApi } from "../experiment/index.ts";
import { RESERVED_FIELD_NAMES } from "../experiment/index.ts";
import type { Db, Tx } from "../store/db.ts";
import type { FieldWriteInput, Owner, Provenance, WriteContext } from "../store/field-log.ts";
import { recordWrites } from "../store/field-log.ts";
import { decodeJson, jsonProblem } from "../store/json.ts";
import { experimentCodeLocation } from "./code-location.ts";

/**
 * Collects the writes of one request so they reach the log in one batch inside its
 * transaction, and lets code read what it wrote before the batch is stored.
 */
export class WriteBuffer {
  readonly writes: FieldWriteInput[] = [];
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

  flush(tx: Tx): Promise<void> {
    return recordWrites(tx, this.writes);
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

async function readField(scope: HandleScope, owner: Owner, key: string): Promise<JsonValue | undefined> {
  if (scope.buffer) {
    const [hit, value] = scope.buffer.lookup(owner, key);
    if (hit) return value as JsonValue | undefined;
  }
  const row = await scope.db.fieldValue.findUnique({
    where: { ownerKind_ownerId_key: { ownerKind: owner.kind, ownerId: owner.id, key } },
    select: { value: true },
  });
  return row ? decodeJson(row.value) : undefined;
}

function writeField(scope: HandleScope, owner: Owner, key: string, value: JsonValue): void {
  if (!scope.buffer) throw new Error(`Cannot set "${key}" while rendering a page: pages only read; write fields in a hook`);
  if (RESERVED_FIELD_NAMES.has(key) || key.startsWith("_")) throw new Error(`"${key}" is reserved by Sprout and cannot be set by experiment code`);
  const problem = jsonProblem(value, key);
  if (problem) throw new Error(problem);
  const codeLine = scope.provenance.byKind === "hook" ? experimentCodeLocation() : null;
  scope.buffer.add({ owner, key, value, context: scope.context, provenance: { ...scope.provenance, codeLine } });
}

export function playerApi(
  scope: HandleScope,
  player: { id: number; sessionId: number; name: string; index: number; label: string },
): PlayerApi {
  const owner: Owner = { kind: "player", id: player.id, sessionId: player.sessionId };
  return {
    name: player.name,
    index: player.index,
    label: player.label,
    get: async <T extends JsonValue>(key: string) => (await readField(scope, owner, key)) as T | undefined,
    set: async (key, value) => writeField(scope, owner, key, value),
  };
}

export function sessionApi(
  scope: HandleScope,
  session: { id: number; name: string; config: string; settings: string },
): SessionApi {
  const owner: Owner = { kind: "session", id: session.id, sessionId: session.id };
  const settings = Object.freeze(JSON.parse(session.settings) as Record<string, JsonValue>);
  return {
    name: session.name,
    config: session.config,
    settings,
    get: async <T extends JsonValue>(key: string) => (await readField(scope, owner, key)) as T | undefined,
    set: async (key, value) => writeField(scope, owner, key, value),
  };
}
