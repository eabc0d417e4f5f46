import type { PageContext } from "../../experiment/index.ts";
import { parseEntry, pathOf } from "../../experiment/page-order.ts";
import type { Db, Tx } from "../../store/db.ts";
import type { Player, Session } from "../../store/generated/client.ts";
import { groupApi, playerApi, sessionApi } from "./handles.ts";
import type { HandleScope, WriteBuffer } from "./write-buffer.ts";
import { getApp, participantLocale } from "../../project.ts";

export type PlayerWithSession = Player & { session: Session };

/** Where a hook's writes come from: the hook and page at `position` of the player's order. */
export function hookScope(db: Db | Tx, order: readonly string[], position: number, hook: string | null, buffer: WriteBuffer | null): HandleScope {
  const entry = parseEntry(order[position]!);
  return {
    db,
    buffer,
    provenance: { byKind: "hook", byName: hook, hook, page: pathOf(entry) },
    context: { app: entry.app, position, round: entry.round },
  };
}

/**
 * The context a hook or render function gets for the page at `position` of the player's
 * order. With a buffer its writes are recorded as that hook's; without one it can only read.
 */
export async function pageContext(db: Db | Tx, p: PlayerWithSession, order: readonly string[], position: number, hook: string | null, buffer: WriteBuffer | null): Promise<PageContext> {
  const scope = hookScope(db, order, position, hook, buffer);
  const session = sessionApi(scope, p.session);
  const groupRow = p.groupId === null ? null : await db.group.findUnique({ where: { id: p.groupId } });
  const group = groupRow ? groupApi(scope, groupRow) : null;
  return {
    player: playerApi(scope, p),
    session,
    settings: session.settings,
    constants: getApp(parseEntry(order[position]!).app)?.constants ?? {},
    round: parseEntry(order[position]!).round,
    group,
    memberIndex: groupRow ? p.memberIndex : null,
    others: async () => (group ? (await group.players()).filter((o) => o.name !== p.name) : []),
    // No request here: a config that follows the browser gets its fallback (the participant page and submit pass their own).
    locale: participantLocale(p.session.config, null),
  };
}
