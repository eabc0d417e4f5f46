import type { Tx } from "../../store/db.ts";
import type { Owner, Provenance, WriteContext } from "../../store/field-log.ts";
import type { WriteBuffer } from "../core/write-buffer.ts";

// How a participant's study ended: "completed" (they reached the end) or "screenedOut" (a
// hook's player.screenOut). Kept on Player.outcome for counting (payments, quotas) and in the
// field log with its time (screenedOut with the reason; completed where the config has a
// completion to send them to).

export type Outcome = "completed" | "screenedOut";

const MAX_REASON = 500;

/**
 * player.screenOut(reason) in a hook: records the screen-out (once: a player already screened
 * out or finished keeps their outcome) and lets the move in progress take them to the end.
 */
export async function screenOut(tx: Tx, buffer: WriteBuffer, where: { owner: Owner; context: WriteContext; provenance: Provenance }, reason: string): Promise<void> {
  if (typeof reason !== "string" || reason.trim() === "" || reason.length > MAX_REASON) throw new Error(`screenOut needs a reason: a text of 1-${MAX_REASON} characters`);
  const claimed = await tx.player.updateMany({ where: { id: where.owner.id, outcome: null }, data: { outcome: "screenedOut" } });
  if (claimed.count === 1) buffer.add({ owner: where.owner, key: "screenedOut", value: reason.trim(), context: where.context, provenance: where.provenance });
}

/** Whether the player is screened out: in this request (a hook just did it) or before. */
export function isScreenedOut(buffer: WriteBuffer, owner: Owner, stored: string | null): boolean {
  return stored === "screenedOut" || buffer.lookup(owner, "screenedOut")[0];
}

/**
 * The player reached the end without a screen-out: they completed. `logged`: the config has a
 * completion, so the field log records it (with its time) beside the outcome column.
 */
export async function recordCompletion(tx: Tx, buffer: WriteBuffer, where: { owner: Owner; context: WriteContext; provenance: Provenance }, logged: boolean): Promise<void> {
  if (buffer.lookup(where.owner, "screenedOut")[0]) return;
  const claimed = await tx.player.updateMany({ where: { id: where.owner.id, outcome: null }, data: { outcome: "completed" } });
  if (claimed.count === 1 && logged) buffer.add({ owner: where.owner, key: "completed", value: true, context: where.context, provenance: where.provenance });
}
