import type { PageDef, WaitFallback } from "../../experiment/index.ts";
import { parseEntry } from "../../experiment/page-order.ts";
import { log } from "../../log.ts";
import { getConfig, hasConfig } from "../../project.ts";
import { screenOut } from "../recruitment/outcome.ts";
import type { Move } from "./move-state.ts";
import { land, moveTo, releasePlayers } from "./move.ts";
import { recheckWaits } from "./recheck-waits.ts";
import { groupWaiting } from "./waits.ts";
import { findPageIn } from "../core/position.ts";

/** The player field (engine-owned: "_" names cannot be set by experiment code) that records which fallback a timed-out wait took. */
export const WAIT_TIMEOUT_KEY = "_waitTimeout";
/** The player field holding the message an { end } fallback shows on the end page. */
export const END_MESSAGE_KEY = "_endMessage";

/**
 * A wait page's time is up (the sweep found its deadline due): claims the deadline (a
 * conditional update, so two sweeps, on two instances, fire it once) and applies the wait's
 * fallback: a smaller group from those waiting now (released with the player), on alone, to
 * a named page, or to the end with a message. Then the player moves, recorded as the
 * timeout's. Returns false when someone else fired it first. Inside the sweep's transaction:
 * if the player moved meanwhile (released by an arrival), moveTo's claim fails (LostRace) and
 * everything here rolls back.
 */
export async function fireWaitTimeout(move: Move, pos: number, page: PageDef, now: Date): Promise<boolean> {
  const wait = page.wait!;
  const timeout = wait.timeout!;
  const { tx, p, order } = move;
  const claimed = await tx.deadline.updateMany({ where: { playerId: p.id, position: pos, firedAt: null }, data: { firedAt: now } });
  if (claimed.count !== 1) return false;
  const entry = parseEntry(order[pos]!);
  const record = (key: string, value: string) => move.buffer.add({ owner: move.owner, key, value, context: { app: entry.app, position: pos, round: entry.round }, provenance: move.by });

  let fallback: WaitFallback = timeout.then;
  let to: number | null = null;
  if (fallback === "smallerGroup" && wait.kind === "group") {
    const formed = await groupWaiting(move, pos, wait, { need: timeout.minSize ?? 2, size: wait.size, arrival: false });
    if (formed.pass) {
      record(WAIT_TIMEOUT_KEY, "smallerGroup");
      await releasePlayers(move, pos, formed.release);
      to = await land(move, pos);
    } else fallback = timeout.otherwise ?? "proceed";
  }
  if (to === null) {
    if (fallback === "proceed") {
      record(WAIT_TIMEOUT_KEY, "proceed");
      // On alone: a grouping page makes a group of one (pages after it may read the group).
      if (wait.kind === "group") await groupWaiting(move, pos, wait, { need: 1, size: 1, arrival: false });
      to = await land(move, pos);
    } else if (typeof fallback === "object" && "moveTo" in fallback) {
      const target = findPageIn(order, pos, entry.app, fallback.moveTo);
      if (target === null) {
        // The page is not in this player's order (a between() branch they did not get): on.
        log.warn({ app: entry.app, page: entry.name, moveTo: fallback.moveTo, player: p.name }, "wait timeout: the page to move to is not in the player's order; moving on");
        record(WAIT_TIMEOUT_KEY, "proceed");
        to = await land(move, pos);
      } else {
        record(WAIT_TIMEOUT_KEY, `moveTo:${fallback.moveTo}`);
        // As if they had reached it: its show, beforeOnce and time limit apply.
        to = await land(move, target - 1);
      }
    } else if (typeof fallback === "object" && "end" in fallback) {
      record(WAIT_TIMEOUT_KEY, "end");
      record(END_MESSAGE_KEY, fallback.end);
      // Where recruitment is set up (the config has a screen-out), the study ended for them
      // without their fault: a screen-out, so the end page sends them to its address or code.
      if (hasConfig(p.session.config) && getConfig(p.session.config).screenOut !== undefined) {
        await screenOut(tx, move.buffer, { owner: move.owner, context: { app: entry.app, position: pos, round: entry.round }, provenance: move.by }, `wait timed out on ${entry.app}/${entry.name}`);
      }
      to = order.length;
    } else throw new Error(`wait timeout of ${entry.app}/${entry.name}: unknown fallback ${JSON.stringify(fallback)}`);
  }
  await moveTo(move, pos, to, "timeout", now);
  // Whoever waits on a sync page for this player no longer does (they moved on or left).
  if (wait.kind === "sync") await recheckWaits(tx, move.pushes, p.sessionId, move.by, [p.id]);
  return true;
}
