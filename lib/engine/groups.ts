import type { GroupApi } from "../experiment/index.ts";
import type { Tx } from "../store/db.ts";
import type { Group } from "../store/generated/client.ts";
import { ConflictError } from "../errors.ts";
import { readField, writeField, playerApi, type HandleScope } from "./handles.ts";

/** Another request took one of these players first; the caller's transaction retries. */
export class GroupingConflict extends ConflictError {
  constructor() {
    super("Another request grouped one of these players at the same moment");
  }
}

/**
 * Puts players into a new group, in this order (memberIndex 0, 1, ...). `claimAt` (a page
 * position) makes the claim conditional for every player but `self`: each must still be
 * ungrouped and waiting there, or the whole grouping fails (on PostgreSQL a racing
 * transaction took one). Writes group and memberIndex to the field log.
 */
export async function createGroup(scope: HandleScope & { db: Tx }, sessionId: number, playerIds: readonly number[], app: string | null, claim?: { self: number; at: number }): Promise<Group> {
  const tx = scope.db;
  const index = (await tx.group.count({ where: { sessionId } })) + 1;
  const group = await tx.group.create({ data: { sessionId, name: `g${index}`, index, app } });
  for (const [memberIndex, id] of playerIds.entries()) {
    const guard = claim && id !== claim.self ? { position: claim.at, groupId: null } : {};
    const updated = await tx.player.updateMany({ where: { id, ...guard }, data: { groupId: group.id, memberIndex } });
    if (updated.count !== 1) throw new GroupingConflict();
    const owner = { kind: "player" as const, id, sessionId };
    scope.buffer!.add({ owner, key: "group", value: index, context: scope.context, provenance: scope.provenance });
    scope.buffer!.add({ owner, key: "memberIndex", value: memberIndex, context: scope.context, provenance: scope.provenance });
  }
  return group;
}

export function groupApi(scope: HandleScope, group: Group): GroupApi {
  const owner = { kind: "group" as const, id: group.id, sessionId: group.sessionId };
  return {
    index: group.index,
    name: group.name,
    players: async () => {
      const rows = await scope.db.player.findMany({ where: { groupId: group.id }, orderBy: { memberIndex: "asc" } });
      return rows.map((r) => playerApi(scope, r));
    },
    get: (key) => readField(scope, owner, key),
    set: async (key, value) => writeField(scope, owner, key, value),
  };
}
