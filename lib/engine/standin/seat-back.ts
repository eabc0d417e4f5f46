import { parseEntry, pathOf } from "../../experiment/page-order.ts";
import { getApp } from "../../project.ts";
import type { Db } from "../../store/db.ts";
import { transaction } from "../../store/outbox.ts";
import { orderOf } from "../core/position.ts";
import { WriteBuffer } from "../core/write-buffer.ts";
import { STAND_IN_KEY } from "./policy.ts";

/**
 * A participant whose seat a stand-in bot plays has come back (a tab of theirs connected): where
 * the app allows it (dropout: { then: "bot", seatBack: true }), they take the seat back at the
 * page the bot reached and the bot stops. The conditional update settles a race with the bot's
 * claim: once the seat is no longer the bot's, no instance claims it again (a step already under
 * way may still land; the page shown is then the one after it). Returns whether the
 * seat came back (the caller's tabs then show that page).
 */
export async function takeSeatBack(db: Db, playerId: number): Promise<boolean> {
  const p = await db.player.findUnique({ where: { id: playerId }, select: { id: true, sessionId: true, standIn: true, position: true, pageOrder: true } });
  if (!p || p.standIn === null) return false;
  const order = orderOf(p);
  if (p.position < 0 || p.position >= order.length) return false;
  const entry = parseEntry(order[p.position]!);
  if (!getApp(entry.app)?.dropout?.seatBack) return false;
  return transaction(db, async (tx, outbox) => {
    const taken = await tx.player.updateMany({ where: { id: p.id, standIn: { not: null } }, data: { standIn: null, standInBy: null, standInUntil: null, dropout: false } });
    if (taken.count !== 1) return false;
    const owner = { kind: "player" as const, id: p.id, sessionId: p.sessionId };
    const context = { app: entry.app, position: p.position, round: entry.round };
    const by = { byKind: "participant" as const, page: pathOf(entry) };
    const buffer = new WriteBuffer();
    buffer.add({ owner, key: STAND_IN_KEY, value: null, context, provenance: by });
    buffer.add({ owner, key: "dropout", value: false, context, provenance: by });
    await buffer.flush(tx);
    outbox.push({ to: { players: [p.id] }, event: "page:refresh" }, { to: { players: [p.id] }, event: "monitor:changed" });
    return true;
  });
}
