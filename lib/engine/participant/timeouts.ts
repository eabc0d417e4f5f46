import { env } from "../../env.ts";
import type { PageDef } from "../../experiment/index.ts";
import { parseEntry } from "../../experiment/page-order.ts";
import type { Deadline } from "../../store/generated/client.ts";
import { pageContext } from "../core/hook-context.ts";
import { runHook } from "../core/hook-error.ts";
import type { Move } from "./move-state.ts";
import { runOnce } from "../core/once.ts";

/** The page's own auto-submit (marked _timeout) this close before the deadline counts as at the deadline. */
export const DEADLINE_TOLERANCE_MS = 1000;
/**
 * The sweep waits this long past a deadline before it moves the player itself, so the
 * browser's own auto-submit (with the answers entered) arrives first; the sweep is for
 * closed browsers. SPROUT_SWEEP_GRACE_MS, 3 s unless set.
 */
export const SWEEP_GRACE_MS = env.SPROUT_SWEEP_GRACE_MS;

/** Sets the page's deadline the first time the player reaches position `pos`; a later visit keeps it. */
export async function setDeadline(move: Move, pos: number, page: PageDef): Promise<void> {
  // A wait page's limit is its wait's timeout (what then happens: wait-timeouts.ts).
  const timeout = page.wait?.timeout?.seconds ?? page.timeout;
  if (timeout === undefined) return;
  const entry = move.order[pos]!;
  const seconds =
    typeof timeout === "function"
      ? await runHook({ app: parseEntry(entry).app, page: page.name, hook: "timeout" }, async () => timeout(await pageContext(move.tx, move.p, move.order, pos, "timeout", move.buffer)))
      : timeout;
  if (seconds === null || !(seconds > 0)) return;
  await move.tx.deadline.upsert({
    where: { playerId_position: { playerId: move.p.id, position: pos } },
    create: { sessionId: move.p.sessionId, playerId: move.p.id, position: pos, entry, dueAt: new Date(Date.now() + seconds * 1000) },
    update: {},
  });
}

/**
 * Whether a submission at `now` is a timed-out one: past the deadline, or the page's own
 * auto-submit (`autoSubmitted`) arriving just before it. A participant's click shortly before
 * the deadline is an ordinary submission.
 */
export const isDue = (deadline: Pick<Deadline, "dueAt" | "firedAt"> | null, autoSubmitted: boolean, now = Date.now()) =>
  !!deadline && deadline.firedAt === null && now + (autoSubmitted ? DEADLINE_TOLERANCE_MS : 0) >= deadline.dueAt.getTime();

/**
 * The timeout part of a move away from `pos`: marks the deadline fired (a conditional update,
 * so a sweep and the participant's own last-second submit cannot both fire it) and runs the
 * page's onTimeout once. Returns false when someone else fired it first.
 */
export async function fireDeadline(move: Move, pos: number, page: PageDef, now: Date): Promise<boolean> {
  const claimed = await move.tx.deadline.updateMany({ where: { playerId: move.p.id, position: pos, firedAt: null }, data: { firedAt: now } });
  if (claimed.count !== 1) return false;
  if (page.onTimeout) {
    const onTimeout = page.onTimeout;
    const entry = move.order[pos]!;
    const ctx = await pageContext(move.tx, move.p, move.order, pos, "onTimeout", move.buffer);
    await runOnce(move.tx, move.owner, `${pos}:onTimeout`, () => runHook({ app: parseEntry(entry).app, page: page.name, hook: "onTimeout" }, () => onTimeout(ctx)));
  }
  return true;
}
