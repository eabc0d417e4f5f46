import { recordAudit } from "../../store/audit.ts";
import type { Db } from "../../store/db.ts";
import { choosePlayers, type ActionResult } from "../admin/player-actions.ts";
import { transact } from "../participant/transact.ts";

/**
 * Marks the chosen players as paid (now), e.g. once their bonuses went out on Prolific; a
 * player already marked keeps their first time. `paid: false` takes the mark back. Audited.
 */
export function markPaid(db: Db, admin: string, sname: string, names: readonly string[], paid = true): Promise<ActionResult> {
  return transact(db, async (tx, outbox) => {
    const players = await choosePlayers(tx, sname, names);
    const ids = players.map((p) => p.id);
    const { count } = await tx.player.updateMany({ where: { id: { in: ids }, paidAt: paid ? null : { not: null } }, data: { paidAt: paid ? new Date() : null } });
    await recordAudit(tx, { admin, action: paid ? "players.markPaid" : "players.markUnpaid", session: sname, detail: { players: players.map((p) => p.name), changed: count } });
    outbox.push({ event: "session:changed", sname });
    const plural = (n: number) => `${n} player${n === 1 ? "" : "s"}`;
    const rest = players.length - count;
    return {
      changed: count,
      message: paid ? `Marked ${plural(count)} as paid${rest > 0 ? ` (${rest} already were)` : ""}.` : `Took the paid mark off ${plural(count)}${rest > 0 ? ` (${rest} had none)` : ""}.`,
    };
  });
}
