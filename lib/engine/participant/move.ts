import { parseEntry, pathOf, repeatIndexOf, repeatPass, repeatsOf } from "../../experiment/page-order.ts";
import type { JsonValue, PageDef } from "../../experiment/index.ts";
import type { Tx } from "../../store/db.ts";
import { beginMove, LostRace, type Move } from "./move-state.ts";
import { pageContext } from "../core/hook-context.ts";
import { HookError, logHookError, runHook } from "../core/hook-error.ts";
import { runOnce } from "../core/once.ts";
import { forgetMovesAfter, queuedMoves } from "../core/pending-moves.ts";
import { getApp, resolvePage } from "../../project.ts";
import { setDeadline } from "./timeouts.ts";
import { passWait } from "./waits.ts";
import { pageOrderColumn } from "../../store/columns.ts";
import { isScreenedOut, recordCompletion } from "../recruitment/outcome.ts";
import { completionLogged } from "../recruitment/exit.ts";
import { closeAtQuota } from "../recruitment/quota.ts";


/**
 * Walks forward from `from` to the next page to show: passes logic pages (running them once),
 * pages whose `show` says no, repeat() markers (asking whether to play the block again) and
 * wait pages that let the player through, then runs the landing page's beforeOnce. Returns
 * the position; order.length is the end.
 */
export async function land(move: Move, from: number): Promise<number> {
  const { tx, order } = move;
  for (let pos = from + 1; pos < order.length; pos++) {
    // A hook screened the player out (player.screenOut): straight to the end page.
    if (isScreenedOut(move.buffer, move.owner, move.p.outcome)) return order.length;
    const entry = parseEntry(order[pos]!);
    const ctx = (hook: string) => pageContext(tx, move.p, order, pos, hook, move.buffer);
    const k = repeatIndexOf(entry);
    if (k !== null) {
      await runOnce(tx, move.owner, `${pos}:repeat`, async () => {
        const app = getApp(entry.app);
        const op = app && repeatsOf(app)[k];
        if (!app || !op || entry.round === null || entry.round >= op.max) return;
        const again = await runHook({ app: entry.app, page: `repeat ${k + 1}`, hook: "while" }, async () => op.while(await ctx("while")));
        if (again) {
          order.splice(pos + 1, 0, ...repeatPass(app, k, entry.round + 1, Math.random));
          move.orderChanged = true;
        }
      });
      continue;
    }
    const found = resolvePage(pathOf(entry));
    if (!found) return pos; // shown as "no longer part of the experiment"
    const def = found.page;
    const site = (hook: string) => ({ app: entry.app, page: def.name, hook });
    if (def.show && !(await runHook(site("show"), async () => def.show!(await ctx("show"))))) continue;
    if (def.kind === "logic") {
      await runOnce(tx, move.owner, `${pos}:run`, () => runHook(site("run"), async () => def.run(await ctx("run"))));
      continue;
    }
    if (def.beforeOnce) await runOnce(tx, move.owner, `${pos}:beforeOnce`, () => runHook(site("beforeOnce"), async () => def.beforeOnce!(await ctx("beforeOnce"))));
    if (def.wait && (await passThrough(move, pos, def.wait))) continue;
    if (isScreenedOut(move.buffer, move.owner, move.p.outcome)) return order.length; // by the page's beforeOnce
    await setDeadline(move, pos, def);
    return pos;
  }
  return order.length;
}

/** A page's afterOnce, once per position: after a submission, and when its time ran out. */
export async function runAfterOnce(move: Move, pos: number, page: PageDef): Promise<void> {
  if (!page.afterOnce) return;
  const afterOnce = page.afterOnce;
  const entry = parseEntry(move.order[pos]!);
  const ctx = await pageContext(move.tx, move.p, move.order, pos, "afterOnce", move.buffer);
  await runOnce(move.tx, move.owner, `${pos}:afterOnce`, () => runHook({ app: entry.app, page: page.name, hook: "afterOnce" }, () => afterOnce(ctx)));
}

/** Asks a wait page whether the player passes now; moves on the players the arrival released. */
export async function passThrough(move: Move, pos: number, wait: NonNullable<Parameters<typeof passWait>[2]>): Promise<boolean> {
  const { pass, release } = await passWait(move, pos, wait);
  await releasePlayers(move, pos, release);
  return pass;
}

/** Moves on the players waiting on the page at `pos` whom the move's player released (a group formed, all are here). */
export async function releasePlayers(move: Move, pos: number, release: readonly number[]): Promise<void> {
  if (release.length === 0) return;
  // What the arrival's hooks wrote (onGrouped's roles, onAllHere's payoffs) must be in the
  // database before the released players' own hooks read it.
  await move.buffer.flush(move.tx);
  for (const id of release) await releaseWaiting(move, id, order(move, pos));
}

const order = (move: Move, pos: number) => move.order[pos]!;

/**
 * Runs `work` for another player inside the current transaction, in a savepoint: if one of
 * that player's hooks throws, only their part is undone (and logged); they meet the error on
 * their own next request, not the player whose request this is.
 */
export async function withHookSavepoint(tx: Tx, name: string, work: () => Promise<void>, alsoUndo: (e: unknown) => boolean = () => false): Promise<void> {
  await tx.$executeRawUnsafe(`SAVEPOINT ${name}`);
  const queued = queuedMoves(tx);
  try {
    await work();
    await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${name}`);
  } catch (e) {
    if (!(e instanceof HookError) && !alsoUndo(e)) throw e;
    await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${name}`);
    // The moves the undone hooks asked for are undone too.
    forgetMovesAfter(tx, queued);
    if (e instanceof HookError) logHookError(e);
  }
}

/** Moves on a player who was waiting on the page `entry` and was released by someone else's arrival. */
async function releaseWaiting(by: Move, playerId: number, entry: string) {
  const p = await by.tx.player.findUnique({ where: { id: playerId }, include: { session: true } });
  const theirOrder = p ? pageOrderColumn.read(p.pageOrder) : [];
  if (!p || theirOrder[p.position] !== entry) return;
  await withHookSavepoint(by.tx, `release_${playerId}`, async () => {
    const move = beginMove(by.tx, p, theirOrder, { byKind: "system", byName: "released", page: pathOf(parseEntry(entry)) }, by.pushes);
    await moveTo(move, p.position, await land(move, p.position), "released", new Date());
    by.pushes.push({ to: { players: [playerId] }, event: "page:refresh" });
  });
}

/**
 * Puts the player on `to`, records every structural change and the page visits. The update
 * is conditional on the player still being on `from` with the same page order: of two racing
 * requests for the same position, the second finds nothing and its whole transaction (hooks
 * included) rolls back; on PostgreSQL the first one's row lock makes the second wait and then
 * re-check. A paused session makes the claim fail too: a submission in flight when the admin
 * pauses changes nothing.
 */
export async function moveTo(move: Move, from: number, to: number, how: string, now: Date) {
  const { tx, p, order, owner } = move;
  const entry = to < order.length ? parseEntry(order[to]!) : null;
  const app = entry?.app ?? null;
  const round = entry?.round ?? null;
  // Only the participant's own request means they were seen (not a timeout, a release, an admin).
  const seen = move.by.byKind === "participant" ? { lastSeen: now } : {};
  const claimed = await tx.player.updateMany({
    where: { id: p.id, position: from, pageOrder: p.pageOrder, session: { is: { active: true } } },
    // The page's invalid input, if any, goes with the page (Player.pendingForm).
    data: { position: to, app, round, pendingForm: null, ...seen, ...(move.orderChanged ? { pageOrder: pageOrderColumn.write(order) } : {}) },
  });
  if (claimed.count !== 1) throw new LostRace();
  // A player who finished is no dropout any more: their watches close.
  if (to >= order.length) await tx.dropoutWatch.updateMany({ where: { playerId: p.id, firedAt: null }, data: { firedAt: now } });
  const fromEntry = from >= 0 && from < order.length ? parseEntry(order[from]!) : null;
  const context = { app: fromEntry?.app ?? null, position: from, round: fromEntry?.round ?? null };
  const structural: Record<string, JsonValue> = { position: to };
  if (move.orderChanged) structural.pageOrder = order;
  if (app !== p.app) structural.app = app;
  if (round !== p.round) structural.round = round;
  for (const [key, value] of Object.entries(structural)) move.buffer.add({ owner, key, value, context, provenance: move.by });
  if (to >= order.length) {
    await recordCompletion(tx, move.buffer, { owner, context, provenance: move.by }, completionLogged(p.session.config));
    await closeAtQuota(tx, move.pushes, p.session);
  }
  await move.buffer.flush(tx);
  await tx.pageVisit.updateMany({ where: { playerId: p.id, position: from, leftAt: null }, data: { leftAt: now, leftHow: how, ...move.visitQuality } });
  if (entry) await tx.pageVisit.create({ data: { sessionId: p.sessionId, playerId: p.id, position: to, page: pathOf(entry), app, round, enteredAt: now } });
  move.pushes.push({ to: { players: [p.id] }, event: "monitor:changed" });
}
