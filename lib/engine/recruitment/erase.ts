import { recordAudit } from "../../store/audit.ts";
import type { Db } from "../../store/db.ts";
import { choosePlayers, type ActionResult } from "../admin/player-actions.ts";
import { transact } from "../participant/transact.ts";
import { entryOf, readEntryParams } from "./entry.ts";

/**
 * Erases the chosen players' entry parameters (recruitment IDs), e.g. when a participant
 * asks for their personal data to be removed: the values go (the field log never held them),
 * and so does a label that was one of them. The audit entry names the players and which
 * parameters were erased, never their values.
 */
export function eraseEntryParams(db: Db, admin: string, sname: string, names: readonly string[]): Promise<ActionResult> {
  return transact(db, async (tx, outbox) => {
    const players = await choosePlayers(tx, sname, names);
    const now = new Date();
    const erased: string[] = [];
    const params = new Set<string>();
    for (const p of players) {
      if (p.entryParams === null) continue;
      const kept = readEntryParams(p.entryParams);
      const labelParam = entryOf(p.session.config, p.session.room)?.label;
      const labelIsId = labelParam !== undefined && p.label !== "" && kept[labelParam] === p.label;
      await tx.player.update({ where: { id: p.id }, data: { entryParams: null, entryErasedAt: now, ...(labelIsId ? { label: "" } : {}) } });
      for (const name of Object.keys(kept)) params.add(name);
      erased.push(p.name);
    }
    await recordAudit(tx, { admin, action: "players.eraseEntry", session: sname, detail: { players: players.map((p) => p.name), erased, params: [...params].sort() } });
    outbox.push({ to: { players: players.map((p) => p.id) }, event: "monitor:changed" }, { event: "session:changed", sname });
    const skipped = players.length - erased.length;
    const plural = (n: number) => `${n} player${n === 1 ? "" : "s"}`;
    return {
      changed: erased.length,
      message: `Erased the entry parameters of ${plural(erased.length)}${skipped > 0 ? ` (${skipped} had none)` : ""}.`,
    };
  });
}
