import type { Db } from "../../store/db.ts";
import { pendingFormColumn, type PendingFormState } from "../../store/columns.ts";

/** A form as posted: each name's value, or values for checkbox groups (as a pending form keeps it). */
export type FormInput = PendingFormState["values"];

// An invalid submission's input and messages live on the player's row (Player.pendingForm): the
// page's read of the player brings them, and the move that leaves the page clears them in its
// claim (move.ts), so neither costs a statement of its own.

/**
 * Keeps an invalid submission's input and messages for the page at `position`, if the player
 * is still there (a losing racer must not overwrite what the current page shows). In a
 * transaction of its own: on SQLite's single connection a bare write would join, and could
 * be rolled back with, whatever transaction another request has open.
 */
export async function savePendingForm(db: Db, playerId: number, position: number, state: PendingFormState): Promise<void> {
  const pendingForm = pendingFormColumn.write({ position, ...state });
  await db.$transaction((tx) => tx.player.updateMany({ where: { id: playerId, position }, data: { pendingForm } }));
}

/** What an invalid submission left for the page at `position`, read from the player's row. */
export function pendingFormAt(player: { pendingForm: string | null }, position: number): PendingFormState | null {
  if (player.pendingForm === null) return null;
  const { position: at, ...state } = pendingFormColumn.read(player.pendingForm);
  return at === position ? state : null;
}
