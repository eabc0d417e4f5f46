import type { JsonValue, PushTarget } from "../../experiment/index.ts";
import { callChat, isChatMethod } from "../chat/channel.ts";
import { applyHookMoves } from "./hook-moves.ts";
import { parseEntry } from "../../experiment/page-order.ts";
import type { Db } from "../../store/db.ts";
import { jsonProblem } from "../../store/json.ts";
import { transaction } from "../../store/outbox.ts";
import { lockGroup } from "../core/groups.ts";
import { WriteBuffer } from "../core/write-buffer.ts";
import { pageContext } from "../core/hook-context.ts";
import { HookError, logHookError, runHook } from "../core/hook-error.ts";
import { orderOf, pageAt } from "../core/position.ts";
import { t } from "../../i18n/index.ts";
import { participantLocale } from "../../project.ts";

/** What a live call answers the browser: the method's result, or why nothing happened. */
export type LiveResult = { ok: true; data: JsonValue } | { ok: false; error: string };

const fail = (error: string): LiveResult => ({ ok: false, error });

/**
 * Runs a live method of the page a player is on, for their browser. Only a method of the
 * page at `position`, while the player is there, with arguments its schema accepts; its
 * writes and the position check share one transaction, and its pushes go out after commit.
 */
export async function callLive(dbs: { db: Db; read: Db }, playerId: number, position: number, method: string, args: unknown): Promise<LiveResult> {
  const p = await dbs.read.player.findUnique({ where: { id: playerId }, include: { session: true } });
  if (!p) return fail("Unknown player");
  const locale = participantLocale(p.session.config, null);
  if (!p.session.active) return fail(t(locale, "live.paused"));
  if (p.position !== position) return fail(t(locale, "live.pageChanged"));
  const order = orderOf(p);
  const current = pageAt(order, position);
  // A page's chat (page({ chat })) answers over the same event, under names live methods cannot have.
  if (current && isChatMethod(method)) return current.page.chat ? callChat(dbs.db, p, current.page.chat, position, method, args) : fail("This page has no chat");
  const def = current && Object.hasOwn(current.page.live ?? {}, method) ? current.page.live![method] : undefined;
  if (!current || !def) return fail(`This page has no live method "${method}"`);
  const parsed = def.input.safeParse(args);
  if (!parsed.success) return fail(`Invalid arguments for ${method}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`);
  const entry = parseEntry(order[position]!);
  try {
    return await transaction(dbs.db, async (tx, outbox) => {
      // Still there? A conditional update, not a read: it also locks the player's row, so a
      // submit racing this call waits for it (and then finds the page's state complete).
      const still = await tx.player.updateMany({ where: { id: p.id, position, pageOrder: p.pageOrder, session: { is: { active: true } } }, data: { lastSeen: new Date() } });
      if (still.count !== 1) return fail(t(locale, "live.pageChanged"));
      // Live methods usually change state the group shares (an order book): one at a time per group.
      if (p.groupId !== null) await lockGroup(tx, p.groupId);
      const buffer = new WriteBuffer();
      const ctx = await pageContext(tx, p, order, position, `live:${method}`, buffer);
      const targets = async (to: PushTarget): Promise<number[]> => {
        if (to === "player") return [p.id];
        const where = to === "group" ? (p.groupId === null ? null : { groupId: p.groupId }) : to === "page" ? { sessionId: p.sessionId, position } : { sessionId: p.sessionId, name: { in: to.map((x) => x.name) } };
        return where ? (await tx.player.findMany({ where, select: { id: true } })).map((r) => r.id) : [];
      };
      // Pushes are collected as the method runs and resolved to players after it returns.
      const queued: { to: PushTarget; event: string; payload: JsonValue }[] = [];
      const data = await runHook({ app: entry.app, page: current.page.name, hook: `live:${method}` }, () =>
        def.run(
          {
            ...ctx,
            push: (to, event, payload) => {
              const problem = jsonProblem(payload, "push data");
              if (problem) throw new Error(problem);
              queued.push({ to, event, payload });
            },
          },
          parsed.data as never,
        ),
      );
      for (const q of queued) outbox.push({ to: { players: await targets(q.to) }, event: "live:event", name: q.event, data: q.payload });
      const value = (data ?? null) as JsonValue;
      const problem = jsonProblem(value, "the result");
      if (problem) throw new Error(`live method ${method} returned ${problem}`);
      // Field columns in the admins' monitors show what the method wrote.
      const written = buffer.playersWritten();
      if (written.length > 0) outbox.push({ to: { players: written }, event: "monitor:changed" });
      await buffer.flush(tx);
      // The moves the method asked for (player.moveTo / moveToEnd).
      await applyHookMoves(tx, outbox);
      return { ok: true as const, data: value };
    });
  } catch (e) {
    if (!(e instanceof HookError)) throw e;
    logHookError(e);
    return fail(`The method ${method} failed; nothing was changed`);
  }
}
