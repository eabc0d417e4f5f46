import type { Server } from "socket.io";
import { monitorRows } from "../data/monitor.ts";
import type { Db } from "../store/db.ts";
import { MONITOR_PREFIX, monitorRoom } from "./channels.ts";
import { ADMIN_NAMESPACE } from "./events.ts";
import { log } from "../log.ts";

// Players whose monitor row changed since the last flush (the news monitor:changed, of a
// committed change or of presence, on any instance). On globalThis like the publisher that
// fills it; this process's feed flushes it to the admins connected here.
const store = globalThis as unknown as { sproutMonitorDirty?: Set<number> };
const FLUSH_MS = 250;

/** The server-side event by which instances tell each other of changed monitor rows. */
export const MONITOR_CHANGED = "sprout:monitor-changed";

/** Listens for other instances' changed rows (carried by the socket.io adapter). */
export function hearOtherInstances(io: Server): void {
  io.on(MONITOR_CHANGED, (ids: unknown) => {
    if (Array.isArray(ids)) noteChangedPlayers(ids.filter((id): id is number => Number.isInteger(id)));
  });
}

/** Called by the publisher (publish.ts): these rows go out in the next batch. */
export function noteChangedPlayers(ids: readonly number[]): void {
  const dirty = (store.sproutMonitorDirty ??= new Set());
  for (const id of ids) dirty.add(id);
}

/**
 * Sends the admins' monitors the changed rows, batched: every FLUSH_MS, one query for all the
 * players that changed, one message per session. 1,000 players moving at once become a few
 * messages a second, not 1,000.
 */
export function startMonitorFeed(io: Server, read: () => Db): () => void {
  let flushing = false;
  const timer = setInterval(async () => {
    const dirty = store.sproutMonitorDirty;
    if (flushing || !dirty || dirty.size === 0) return;
    const ids = [...dirty];
    dirty.clear();
    // Nobody has a monitor open here: no rows to read (other instances serve their own admins).
    if (![...io.of(ADMIN_NAMESPACE).adapter.rooms.keys()].some((room) => room.startsWith(MONITOR_PREFIX))) return;
    flushing = true;
    try {
      const rows = await monitorRows(read(), { ids });
      const bySession = new Map<number, typeof rows>();
      for (const row of rows) (bySession.get(row.sessionId) ?? bySession.set(row.sessionId, []).get(row.sessionId)!).push(row);
      // local: each instance sends to its own admins (through the adapter they would get it twice)
      for (const [sessionId, sessionRows] of bySession) io.of(ADMIN_NAMESPACE).local.to(monitorRoom(sessionId)).emit("monitor:delta", { rows: sessionRows });
    } catch (e) {
      for (const id of ids) dirty.add(id); // tried again next time
      log.error({ err: e }, "monitor feed failed");
    } finally {
      flushing = false;
    }
  }, FLUSH_MS);
  timer.unref();
  return () => clearInterval(timer);
}
