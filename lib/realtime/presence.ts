import { env } from "../env.ts";
import type { Db } from "../store/db.ts";
import { noteChangedPlayers } from "./monitor-feed.ts";

/** A player counts as online while their lastSeen is this recent (any instance can read it). */
export const ONLINE_WINDOW_MS = env.SPROUT_ONLINE_WINDOW_MS;
const HEARTBEAT_MS = ONLINE_WINDOW_MS * 0.4;
const CHUNK = 500;

/**
 * Presence from the socket connections themselves: this instance counts each player's open
 * tabs, and writes lastSeen for its connected players every few seconds in one batched
 * update (plus soon after a connect or a last disconnect). Memory holds only the counts.
 */
export class Presence {
  private readonly tabs = new Map<number, number>();
  private readonly changed = new Set<number>();
  private soon: NodeJS.Timeout | null = null;
  private readonly heartbeat: NodeJS.Timeout;
  private stopped = false;
  private writing = false;
  /** ids whose write came while another was running: written right after it */
  private deferred = new Set<number>();
  /** players whose last tab closed: their lastSeen is written even if recent */
  private leaving = new Set<number>();
  /** when a player's last tab here closed (forgotten after the online window) */
  private readonly leftAt = new Map<number, number>();

  constructor(private readonly db: () => Db) {
    this.heartbeat = setInterval(() => {
      const forgetBefore = Date.now() - ONLINE_WINDOW_MS * 2;
      for (const [id, at] of this.leftAt) if (at < forgetBefore) this.leftAt.delete(id);
      void this.write([...this.tabs.keys()]);
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  connected(playerId: number): void {
    if (!this.tabs.has(playerId)) noteChangedPlayers([playerId]);
    this.tabs.set(playerId, (this.tabs.get(playerId) ?? 0) + 1);
    this.markChanged(playerId);
  }

  disconnected(playerId: number): void {
    const left = (this.tabs.get(playerId) ?? 1) - 1;
    if (left > 0) this.tabs.set(playerId, left);
    else {
      this.tabs.delete(playerId);
      this.leftAt.set(playerId, Date.now());
      noteChangedPlayers([playerId]);
      this.leaving.add(playerId);
      this.markChanged(playerId);
    }
  }

  isConnectedHere(playerId: number): boolean {
    return this.tabs.has(playerId);
  }

  /**
   * Online for the admin's monitor: a tab open on this instance, or (a tab on another
   * instance) a recent lastSeen, unless the player's last tab closed here since.
   */
  isOnline(playerId: number, lastSeen: Date | null): boolean {
    if (this.tabs.has(playerId)) return true;
    const left = this.leftAt.get(playerId);
    if (left !== undefined && lastSeen !== null && left >= lastSeen.getTime()) return false;
    return lastSeen !== null && Date.now() - lastSeen.getTime() < ONLINE_WINDOW_MS;
  }

  /** No more writes: sockets closing during shutdown must not touch a closed database. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.heartbeat);
    if (this.soon) clearTimeout(this.soon);
  }

  /** Batches the writes of a burst of connects (a whole lab arriving) into one. */
  private markChanged(playerId: number): void {
    if (this.stopped) return;
    this.changed.add(playerId);
    this.soon ??= setTimeout(() => {
      this.soon = null;
      const ids = [...this.changed];
      this.changed.clear();
      void this.write(ids);
    }, 500);
  }

  /**
   * Writes lastSeen where it is older than 0.3 of the online window (a page move updates it
   * too), and always at a last tab's close. One batch at a time, so writes cannot pile up
   * under load; ids that arrive meanwhile are written right after, never dropped.
   */
  private async write(ids: number[]): Promise<void> {
    if (this.stopped || ids.length === 0) return;
    if (this.writing) {
      for (const id of ids) this.deferred.add(id);
      return;
    }
    this.writing = true;
    const now = new Date();
    const staleBefore = new Date(now.getTime() - ONLINE_WINDOW_MS * 0.3);
    const leaving = ids.filter((id) => this.leaving.delete(id));
    const staying = ids.filter((id) => !leaving.includes(id));
    try {
      for (let i = 0; i < staying.length; i += CHUNK) {
        const chunk = staying.slice(i, i + CHUNK);
        // In a transaction: a bare write would join another request's open one (see readDb).
        await this.db().$transaction([this.db().player.updateMany({ where: { id: { in: chunk }, OR: [{ lastSeen: null }, { lastSeen: { lt: staleBefore } }] }, data: { lastSeen: now } })]);
      }
      if (leaving.length) {
        await this.db().$transaction([this.db().player.updateMany({ where: { id: { in: leaving } }, data: { lastSeen: now } })]);
        noteChangedPlayers(leaving); // the monitor's "last seen" is the time they left
      }
    } catch (e) {
      console.warn("[sprout] presence: could not write lastSeen:", (e as Error).message);
    } finally {
      this.writing = false;
    }
    if (this.deferred.size) {
      const next = [...this.deferred];
      this.deferred.clear();
      await this.write(next);
    }
  }
}
