import type { Tx } from "../../store/db.ts";
import type { Group } from "../../store/generated/client.ts";
import { ConflictError } from "../../errors.ts";
import type { HandleScope } from "./write-buffer.ts";
import { groupMembersColumn } from "../../store/columns.ts";

/** Another request grouped one of these players first; the caller's transaction retries. */
export class GroupingConflict extends ConflictError {
  constructor() {
    super("Another request grouped one of these players at the same moment");
  }
}

/**
 * Serializes grouping within a session: on PostgreSQL, two arrivals that each see the other
 * missing would both wait, and two new groups would take the same index. (SQLite runs one
 * transaction at a time anyway.)
 */
export async function lockSession(tx: Tx, sessionId: number): Promise<void> {
  await tx.$executeRaw`UPDATE "Session" SET "id" = "id" WHERE "id" = ${sessionId}`;
}

/** Serializes what changes a group's shared state (a wait page of the group, a live method): one at a time per group. */
export async function lockGroup(tx: Tx, groupId: number): Promise<void> {
  await tx.$executeRaw`UPDATE "Group" SET "index" = "index" WHERE "id" = ${groupId}`;
}

/**
 * Puts players into a new group, in this order (memberIndex 0, 1, ...). `claim` makes the
 * update conditional for every player but `self`: each must still be at the position it was
 * seen waiting at, or the grouping fails and is retried. Players are updated
 * in id order, so two transactions never lock them in opposite orders. Writes group and
 * memberIndex to the field log.
 */
export async function createGroup(scope: HandleScope & { db: Tx }, sessionId: number, playerIds: readonly number[], app: string | null, claim?: { self: number; at: ReadonlyMap<number, number> }): Promise<Group> {
  const tx = scope.db;
  await lockSession(tx, sessionId);
  const index = (await tx.group.count({ where: { sessionId } })) + 1;
  const group = await tx.group.create({ data: { sessionId, name: groupName(index), index, app, members: groupMembersColumn.write(playerIds) } });
  for (const id of [...playerIds].sort((a, b) => a - b)) {
    const memberIndex = playerIds.indexOf(id);
    const guard = claim && id !== claim.self ? { position: claim.at.get(id) } : {};
    const updated = await tx.player.updateMany({ where: { id, ...guard }, data: { groupId: group.id, memberIndex } });
    if (updated.count !== 1) throw new GroupingConflict();
    const owner = { kind: "player" as const, id, sessionId };
    scope.buffer!.add({ owner, key: "group", value: index, context: scope.context, provenance: scope.provenance });
    scope.buffer!.add({ owner, key: "memberIndex", value: memberIndex, context: scope.context, provenance: scope.provenance });
  }
  return group;
}

/** A group's name from its number in the session (the field log records the number). */
export const groupName = (index: number) => `g${index}`;

export const membersOf = (group: { members: string }) => groupMembersColumn.read(group.members);
