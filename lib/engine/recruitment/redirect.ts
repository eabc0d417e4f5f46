import { InvalidInputError } from "../../errors.ts";
import { recordAudit } from "../../store/audit.ts";
import type { Db } from "../../store/db.ts";
import { choosePlayers, type ActionResult } from "../admin/player-actions.ts";
import { signalPush } from "../admin/signals.ts";
import { transact } from "../participant/transact.ts";
import { exitFor } from "./exit.ts";

export type ExitKind = "completion" | "screenOut";

const WHAT: Record<ExitKind, string> = { completion: "completion", screenOut: "screen-out" };

/**
 * The admin's Redirect to the config's completion (or screen-out) address: each chosen
 * player's open tabs go to their own address, placeholders filled from their entry parameters
 * and fields, as the end page would send them. Audited; nothing else changes.
 */
export function redirectToExit(db: Db, admin: string, sname: string, names: readonly string[], which: ExitKind): Promise<ActionResult> {
  if (which !== "completion" && which !== "screenOut") throw new InvalidInputError('Redirect to "completion" or "screenOut"');
  return transact(db, async (tx, outbox) => {
    const players = await choosePlayers(tx, sname, names);
    let sent = 0;
    for (const p of players) {
      const { url } = await exitFor(tx, p.id, which);
      if (url === null) throw new InvalidInputError(`This session's config has no ${WHAT[which]} address (${which}.url)`);
      outbox.push(signalPush([p.id], { kind: "redirect", url }));
      sent++;
    }
    await recordAudit(tx, { admin, action: "players.redirect", session: sname, detail: { url: `the ${WHAT[which]} address`, players: players.map((p) => p.name), changed: sent } });
    outbox.push({ event: "session:changed", sname });
    return { changed: sent, message: `Sent ${sent} player${sent === 1 ? "" : "s"} to the ${WHAT[which]} address (whoever has the study open goes there at once).` };
  });
}
