import type { Db, Tx } from "../../store/db.ts";
import { pendingFormColumn } from "../../store/columns.ts";

/** A form as posted: each name's value, or values for checkbox groups. */
export type FormInput = Record<string, string | string[]>;

/** What an invalid submission left behind, shown once more on the next GET of that page. */
export interface PendingFormState {
  values: FormInput;
  errors: Record<string, string>;
  pageErrors: string[];
}

/**
 * Keeps an invalid submission's input and messages for the page at `position`, if the player
 * is still there (a losing racer must not overwrite what the current page shows). In a
 * transaction of its own: on SQLite's single connection a bare write would join, and could
 * be rolled back with, whatever transaction another request has open.
 */
export async function savePendingForm(db: Db, playerId: number, position: number, state: PendingFormState): Promise<void> {
  const data = { position, state: pendingFormColumn.write(state) };
  await db.$transaction(async (tx) => {
    if ((await tx.player.count({ where: { id: playerId, position } })) === 0) return;
    await tx.pendingForm.upsert({ where: { playerId }, create: { playerId, ...data }, update: data });
  });
}

export async function loadPendingForm(db: Db, playerId: number, position: number): Promise<PendingFormState | null> {
  const row = await db.pendingForm.findUnique({ where: { playerId } });
  return row && row.position === position ? pendingFormColumn.read(row.state) : null;
}

export async function clearPendingForm(tx: Tx, playerId: number): Promise<void> {
  await tx.pendingForm.deleteMany({ where: { playerId } });
}
