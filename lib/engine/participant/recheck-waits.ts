import type { Tx } from "../../store/db.ts";
import type { Provenance } from "../../store/field-log.ts";
import type { News } from "../../store/outbox.ts";
import { land, moveTo, passThrough, withHookSavepoint } from "./move.ts";
import { beginMove, LostRace } from "./move-state.ts";
import { orderOf, pageAt } from "../core/position.ts";

/**
 * Asks the wait pages of a session again, for everyone sitting on one: after something other
 * than an arrival changed what they wait for (an admin grouped, ungrouped or moved players, a
 * dropout that sync pages no longer wait for, a player moved to the end). Those who pass now
 * move on as if the last arrival had released them; their tabs reload. `except` are not asked
 * (the players the change was about, already where they should be).
 */
export async function recheckWaits(tx: Tx, outbox: News[], sessionId: number, by: Provenance, except: readonly number[] = []): Promise<void> {
  // A paused session moves nobody; the next arrival or check after the resume does.
  if (!(await tx.session.findUnique({ where: { id: sessionId }, select: { active: true } }))?.active) return;
  const seated = await tx.player.findMany({
    where: { sessionId, dropout: false, position: { gte: 0 }, id: { notIn: [...except] } },
    select: { id: true, position: true, pageOrder: true },
    orderBy: { id: "asc" },
  });
  for (const s of seated) {
    if (!pageAt(orderOf(s), s.position)?.page.wait) continue;
    // An earlier recheck in this loop may have released this player already: read them again.
    const m = await tx.player.findUnique({ where: { id: s.id }, include: { session: true } });
    if (!m || m.position !== s.position || m.pageOrder !== s.pageOrder) continue;
    const order = orderOf(m);
    const current = pageAt(order, m.position)!;
    const wait = current.page.wait!;
    // A member's failing hook, or a move of theirs that raced this one, leaves that member
    // where they are, not the change undone.
    await withHookSavepoint(tx, `recheck_${m.id}`, async () => {
      const move = beginMove(tx, m, order, { ...by, page: current.path }, outbox);
      if (await passThrough(move, m.position, wait)) {
        await moveTo(move, m.position, await land(move, m.position), "released", new Date());
        outbox.push({ to: { players: [m.id] }, event: "page:refresh" });
      }
    }, (e) => e instanceof LostRace);
  }
}
