import { parseEntry } from "../../experiment/page-order.ts";
import { log } from "../../log.ts";
import { getApp } from "../../project.ts";
import type { DropoutWatch } from "../../store/generated/client.ts";
import { pageContext } from "../core/hook-context.ts";
import { runHook } from "../core/hook-error.ts";
import type { Move } from "./move-state.ts";

/** Runs a dropout watch's handler for the move's player (marked as a dropout already). */
export async function runDropoutHandler(move: Move, w: Pick<DropoutWatch, "app" | "handler">): Promise<void> {
  const { tx, p, order } = move;
  const handler = getApp(w.app)?.dropoutHandlers?.[w.handler];
  if (!handler) return log.warn({ app: w.app, handler: w.handler, player: p.name }, "dropout handler is gone; the player was only marked");
  const entry = parseEntry(order[p.position]!);
  const ctx = await pageContext(tx, { ...p, dropout: true }, order, p.position, `dropout:${w.handler}`, move.buffer);
  await runHook({ app: w.app, page: entry.name, hook: `dropout:${w.handler}` }, () => handler(ctx));
}
