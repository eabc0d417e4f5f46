import type { FieldReads, FieldWrites, GroupApi, JsonValue, PlayerApi, RoundHistory, SessionApi } from "../../experiment/index.ts";
import { screenOut } from "../recruitment/outcome.ts";
import { RESERVED_FIELD_NAMES } from "../../experiment/index.ts";
import type { Tx } from "../../store/db.ts";
import type { Owner } from "../../store/field-log.ts";
import type { Group } from "../../store/generated/client.ts";
import { jsonProblem } from "../../store/json.ts";
import { experimentCodeLocation } from "./code-location.ts";
import { createGroup, membersOf } from "./groups.ts";
import { getApp } from "../../project.ts";
import { pagesOf } from "../../experiment/page-order.ts";
import { queueMove } from "./pending-moves.ts";
import type { HandleScope } from "./write-buffer.ts";
import { fieldValueColumn, sessionSettingsColumn } from "../../store/columns.ts";
import { historyOf, valueInRound } from "./round-history.ts";

export async function readField<T extends JsonValue>(scope: HandleScope, owner: Owner, key: string): Promise<T | undefined> {
  if (scope.buffer) {
    const [hit, value] = scope.buffer.lookup(owner, key);
    if (hit) return value as T | undefined;
  }
  const row = await scope.db.fieldValue.findUnique({
    where: { ownerKind_ownerId_key: { ownerKind: owner.kind, ownerId: owner.id, key } },
    select: { value: true },
  });
  return row ? (fieldValueColumn.read(row.value) as T | undefined) : undefined;
}

export function writeField(scope: HandleScope, owner: Owner, key: string, value: JsonValue): void {
  if (!scope.buffer) throw new Error(`Cannot set "${key}" while rendering a page: pages only read; write fields in a hook`);
  if (RESERVED_FIELD_NAMES.has(key) || key.startsWith("_")) throw new Error(`"${key}" is reserved by Sprout and cannot be set by experiment code`);
  const problem = jsonProblem(value, key);
  if (problem) throw new Error(problem);
  // Any write made by experiment code (a hook, a live method) names its file:line.
  const codeLine = scope.provenance.hook ? experimentCodeLocation() : null;
  scope.buffer.add({ owner, key, value, context: scope.context, provenance: { ...scope.provenance, codeLine } });
}

export function playerApi(
  scope: HandleScope,
  player: { id: number; sessionId: number; name: string; index: number; label: string },
): PlayerApi {
  const owner: Owner = { kind: "player", id: player.id, sessionId: player.sessionId };
  const writable = (what: string) => {
    if (!scope.buffer) throw new Error(`Cannot ${what} while rendering a page: pages only read; do it in a hook`);
    return scope.db as Tx;
  };
  return {
    name: player.name,
    index: player.index,
    label: player.label,
    get: fieldGetter((key) => readField(scope, owner, key)),
    set: fieldSetter((key, value) => writeField(scope, owner, key, value)),
    ...roundReads(scope, owner),
    watchForDropout: async (handler, toleranceSeconds) => {
      const tx = writable("watch for dropouts");
      const app = scope.context.app;
      if (!app || !getApp(app)?.dropoutHandlers?.[handler]) throw new Error(`App "${app}" has no dropout handler "${handler}" (see dropoutHandlers in defineApp)`);
      if (!(toleranceSeconds > 0) || !Number.isFinite(toleranceSeconds)) throw new Error(`The dropout tolerance must be a number of seconds above 0, not ${toleranceSeconds}`);
      await tx.$executeRaw`INSERT INTO "DropoutWatch" ("sessionId", "playerId", "app", "handler", "toleranceMs") VALUES (${player.sessionId}, ${player.id}, ${app}, ${handler}, ${Math.round(toleranceSeconds * 1000)}) ON CONFLICT DO NOTHING`;
    },
    markDropout: async () => {
      await writable("mark a dropout").player.update({ where: { id: player.id }, data: { dropout: true } });
      scope.buffer!.add({ owner, key: "dropout", value: true, context: scope.context, provenance: scope.provenance });
    },
    moveTo: async (page) => {
      const tx = writable("move a player");
      const app = scope.context.app;
      const found = app ? getApp(app) : undefined;
      if (!app || !found || !pagesOf(found).some((d) => d.name === page && d.kind === "page")) throw new Error(`App "${app}" has no page "${page}" to move a player to`);
      queueMove(tx, { playerId: player.id, to: { app, page }, by: { ...scope.provenance, codeLine: experimentCodeLocation() } });
    },
    moveToEnd: async () => {
      queueMove(writable("move a player"), { playerId: player.id, to: "end", by: { ...scope.provenance, codeLine: experimentCodeLocation() } });
    },
    screenOut: async (reason) => {
      await screenOut(writable("screen a player out"), scope.buffer!, { owner, context: scope.context, provenance: scope.provenance }, reason);
    },
  };
}

export function sessionApi(
  scope: HandleScope,
  session: { id: number; name: string; config: string; settings: string },
): SessionApi {
  const owner: Owner = { kind: "session", id: session.id, sessionId: session.id };
  const settings = sessionSettingsColumn.read(session.settings);
  return {
    name: session.name,
    config: session.config,
    settings,
    get: fieldGetter((key) => readField(scope, owner, key)),
    set: fieldSetter((key, value) => writeField(scope, owner, key, value)),
    players: async () => (await scope.db.player.findMany({ where: { sessionId: session.id }, orderBy: { index: "asc" } })).map((r) => playerApi(scope, r)),
    formGroup: async (players) => {
      if (!scope.buffer) throw new Error("Cannot form groups while rendering a page: pages only read; form groups in a hook");
      const rows = await scope.db.player.findMany({ where: { sessionId: session.id, name: { in: players.map((p) => p.name) } }, select: { id: true, name: true } });
      const idOf = new Map(rows.map((r) => [r.name, r.id]));
      const ids = players.map((p) => idOf.get(p.name));
      if (ids.some((id) => id === undefined) || new Set(ids).size !== ids.length) throw new Error("formGroup takes distinct players of this session");
      const group = await createGroup(scope as HandleScope & { db: Tx }, session.id, ids as number[], scope.context.app ?? null);
      return groupApi(scope, group);
    },
  };
}

export function groupApi(scope: HandleScope, group: Group): GroupApi {
  const owner = { kind: "group" as const, id: group.id, sessionId: group.sessionId };
  return {
    index: group.index,
    name: group.name,
    // The group's own member list: someone regrouped for a later app stays a member here.
    players: async () => {
      const ids = membersOf(group);
      const rows = await scope.db.player.findMany({ where: { id: { in: [...ids] } } });
      return ids.flatMap((id) => rows.filter((r) => r.id === id)).map((r) => playerApi(scope, r));
    },
    get: fieldGetter((key) => readField(scope, owner, key)),
    set: fieldSetter((key, value) => writeField(scope, owner, key, value)),
    ...roundReads(scope, owner),
  };
}

type Source = { kind?: unknown; name?: unknown; fields: object };

/**
 * The key of a typed read or write (get(page, key), set(results, key, value)): the page or the
 * app's `stored` declaration only gives the key its type, but code the compiler did not check
 * (plain JavaScript, a cast) could name a field it does not declare, which would read or write
 * another field than the one meant.
 */
function keyOf(sourceOrKey: string | Source, key: string | undefined): string {
  if (typeof sourceOrKey === "string") return sourceOrKey;
  if (typeof key !== "string" || !Object.hasOwn(sourceOrKey.fields, key)) {
    const what = sourceOrKey.kind === "page" ? `page "${String(sourceOrKey.name)}"` : "this stored() declaration";
    throw new Error(`${what} declares no field ${JSON.stringify(key)} (it declares ${Object.keys(sourceOrKey.fields).join(", ") || "none"})`);
  }
  return key;
}

/** get(key) and its typed form get(source, key). */
function fieldGetter(read: (key: string) => Promise<JsonValue | undefined>): FieldReads["get"] {
  return (async (sourceOrKey: string | Source, key?: string) => read(keyOf(sourceOrKey, key))) as FieldReads["get"];
}

/** set(key, value) and its typed form set(source, key, value). */
function fieldSetter(write: (key: string, value: JsonValue) => void): FieldWrites["set"] {
  return (async (sourceOrKey: string | Source, ...rest: [JsonValue] | [string, JsonValue]) =>
    typeof sourceOrKey === "string" ? write(sourceOrKey, rest[0] as JsonValue) : write(keyOf(sourceOrKey, rest[0] as string), rest[1] as JsonValue)) as FieldWrites["set"];
}

/** Past rounds' values of a player's or group's fields, from the field log (see round-history.ts). */
function roundReads(scope: HandleScope, owner: Owner): Pick<PlayerApi, "inRound" | "history"> {
  return {
    inRound: (round) => ({ get: fieldGetter((key) => valueInRound(scope, owner, key, round)) }),
    history: (async (sourceOrKey: string | Source, key?: string) => historyOf(scope, owner, keyOf(sourceOrKey, key))) as RoundHistory["history"],
  };
}
