import { parseEntry, pathOf } from "../../experiment/page-order.ts";
import { getApp } from "../../project.ts";
import { queueMove } from "../core/pending-moves.ts";
import type { Move } from "../participant/move-state.ts";
import { END_MESSAGE_KEY } from "../participant/wait-timeouts.ts";

/** The field that records a stand-in taking a seat ("bot") and the participant taking it back (null). */
export const STAND_IN_KEY = "_standIn";

/**
 * Applies the app's dropout policy to a player just marked as a dropout (in the same
 * transaction as the mark): "bot" hands the seat to a stand-in bot (the sweeper's
 * lib/engine/standin/play.ts plays it from the page the player left), "endGroup" ends the
 * study for the rest of their group, "fewer" (or none) leaves the group to carry on.
 */
export async function applyDropoutPolicy(move: Move): Promise<void> {
  const { tx, p, order } = move;
  if (p.position < 0 || p.position >= order.length) return;
  const entry = parseEntry(order[p.position]!);
  const policy = getApp(entry.app)?.dropout;
  // A seat a bot plays already (its watch fired again on a later page) stays as it is.
  if (!policy || policy.then === "fewer" || p.standIn !== null) return;
  const context = { app: entry.app, position: p.position, round: entry.round };
  if (policy.then === "bot") {
    await tx.player.update({ where: { id: p.id }, data: { standIn: "bot", standInBy: null, standInUntil: null } });
    move.buffer.add({ owner: move.owner, key: STAND_IN_KEY, value: "bot", context, provenance: { byKind: "system", byName: "dropout", page: pathOf(entry) } });
    return;
  }
  if (p.groupId === null) return;
  const others = await tx.player.findMany({ where: { groupId: p.groupId, id: { not: p.id } }, select: { id: true, sessionId: true } });
  const by = { byKind: "system" as const, byName: "dropout", page: pathOf(entry) };
  for (const o of others) {
    if (policy.message) move.buffer.add({ owner: { kind: "player", id: o.id, sessionId: o.sessionId }, key: END_MESSAGE_KEY, value: policy.message, context, provenance: by });
    queueMove(tx, { playerId: o.id, to: "end", by });
  }
}
