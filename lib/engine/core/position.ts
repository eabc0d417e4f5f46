import type { AppDef, PageDef } from "../../experiment/index.ts";
import { parseEntry, pathOf } from "../../experiment/page-order.ts";
import { NotFoundError } from "../../errors.ts";
import { resolvePage } from "../../project.ts";
import { pageOrderColumn } from "../../store/columns.ts";
import type { Db, Tx } from "../../store/db.ts";
import type { PlayerWithSession } from "./hook-context.ts";

/** Where a player is: their page order and the page at a position of it. */

export async function findPlayer(db: Db | Tx, sname: string, pname: string): Promise<PlayerWithSession> {
  const player = await db.player.findFirst({ where: { name: pname, session: { name: sname } }, include: { session: true } });
  if (!player) throw new NotFoundError("There is no such participant link. Please check the address you were given.");
  return player;
}

/** A player's page order (shared and frozen: copy it to change it). */
export const orderOf = (p: { pageOrder: string }): readonly string[] => pageOrderColumn.read(p.pageOrder);

export interface PageAt {
  path: string;
  app: AppDef;
  page: PageDef;
}

/** The page (not logic, not a marker) at a position, with its app, if any. */
export function pageAt(order: readonly string[], position: number): PageAt | undefined {
  const raw = order[position];
  if (raw === undefined) return undefined;
  const path = pathOf(parseEntry(raw));
  const found = resolvePage(path);
  return found?.page.kind === "page" ? { path, app: found.app, page: found.page } : undefined;
}

/** The position of page `name` of `app` in the order: the first after `pos`, else the last before it; null if absent (a between() branch not taken). */
export function findPageIn(order: readonly string[], pos: number, app: string, name: string): number | null {
  const matches = order.flatMap((raw, i) => {
    const e = parseEntry(raw);
    return e.app === app && e.name === name ? [i] : [];
  });
  return matches.find((i) => i > pos) ?? matches.filter((i) => i < pos).at(-1) ?? null;
}
