import { SproutError } from "../../errors.ts";
import { getConfig, hasConfig } from "../../project.ts";
import { recordAudit } from "../../store/audit.ts";
import type { Tx } from "../../store/db.ts";
import type { News } from "../../store/outbox.ts";
import { lockSession } from "../core/groups.ts";

// A config's quota: each participant in progress (started, no outcome yet, not a dropout)
// holds a place, a completion keeps it, a screen-out or dropout frees it. Counted under the
// session's lock, so simultaneous arrivals and finishers on any number of instances never
// take more places than there are, nor miss the moment the quota is met.

/** A start refused because every place is held (the start POST of a player link). */
export class StudyFullError extends SproutError {
  constructor() {
    super("Every place in this study has been taken. You may now close this page. If you think this is a mistake, please contact the research team.", 423);
  }
}

export const quotaOf = (configName: string): number | undefined => (hasConfig(configName) ? getConfig(configName).quota : undefined);

async function counts(tx: Tx, sessionId: number) {
  const [held, completed] = await Promise.all([
    tx.player.count({ where: { sessionId, started: true, dropout: false, outcome: null } }),
    tx.player.count({ where: { sessionId, outcome: "completed" } }),
  ]);
  return { held, completed };
}

/**
 * Whether one more participant may start in this session (always, without a quota). Takes the
 * session's lock first: call it in the transaction that then lets them in.
 */
export async function hasPlace(tx: Tx, session: { id: number; config: string }): Promise<boolean> {
  const quota = quotaOf(session.config);
  if (quota === undefined) return true;
  await lockSession(tx, session.id);
  const { held, completed } = await counts(tx, session.id);
  return held + completed < quota;
}

/** Whether the session's quota is met (that many completions). */
export async function quotaMet(tx: Tx, session: { id: number; config: string }): Promise<boolean> {
  const quota = quotaOf(session.config);
  return quota !== undefined && (await tx.player.count({ where: { sessionId: session.id, outcome: "completed" } })) >= quota;
}

/**
 * After a player completed: when that met the quota, the session's room closes itself (once;
 * audited as the system). Under the session's lock, so of simultaneous finishers the last one
 * sees every other completion.
 */
export async function closeAtQuota(tx: Tx, outbox: News[], session: { id: number; name: string; config: string; room: string | null }): Promise<void> {
  const quota = quotaOf(session.config);
  if (quota === undefined || session.room === null) return;
  await lockSession(tx, session.id);
  const { completed } = await counts(tx, session.id);
  if (completed < quota) return;
  const closed = await tx.room.updateMany({ where: { name: session.room, open: true }, data: { open: false } });
  if (closed.count === 0) return;
  await recordAudit(tx, { admin: "system", action: "room.close", session: session.name, detail: { room: session.room, reason: `quota of ${quota} met` } });
  outbox.push({ event: "room:changed", room: session.room });
}
