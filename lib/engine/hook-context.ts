import type { PageContext } from "../experiment/index.ts";
import { parseEntry, pathOf } from "../experiment/page-order.ts";
import type { Db, Tx } from "../store/db.ts";
import type { Player, Session } from "../store/generated/client.ts";
import { playerApi, sessionApi, type WriteBuffer } from "./handles.ts";
import { getApp } from "./project.ts";

export type PlayerWithSession = Player & { session: Session };

/**
 * The context a hook or render function gets for the page at `position` of the player's
 * order. With a buffer its writes are recorded as that hook's; without one it can only read.
 */
export function pageContext(db: Db | Tx, p: PlayerWithSession, order: readonly string[], position: number, hook: string | null, buffer: WriteBuffer | null): PageContext {
  const entry = parseEntry(order[position]!);
  const scope = {
    db,
    buffer,
    provenance: { byKind: "hook" as const, byName: hook, hook, page: pathOf(entry) },
    context: { app: entry.app, position, round: entry.round },
  };
  const session = sessionApi(scope, p.session);
  return {
    player: playerApi(scope, p),
    session,
    settings: session.settings,
    constants: getApp(entry.app)?.constants ?? {},
    round: entry.round,
  };
}
