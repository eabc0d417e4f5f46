import { env } from "../env.ts";
import type { Db } from "../store/db.ts";

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

  constructor(private readonly db: () => Db) {
    this.heartbeat = setInterval(() => void this.write([...this.tabs.keys()]), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  connected(playerId: number): void {
    this.tabs.set(playerId, (this.tabs.get(playerId) ?? 0) + 1);
    this.markChanged(playerId);
  }

  disconnected(playerId: number): void {
    const left = (this.tabs.get(playerId) ?? 1) - 1;
    if (left > 0) this.tabs.set(playerId, left);
    else {
      this.tabs.delete(playerId);
      this.markChanged(playerId);
    }
  }

  isConnectedHere(playerId: number): boolean {
    return this.tabs.has(playerId);
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
   * Writes lastSeen, but only where it is older than half the online window (a page move
   * updates it too), and never two batches at once: under load the writes must not pile up.
   */
  private async write(ids: number[]): Promise<void> {
    if (this.stopped || ids.length === 0 || this.writing) return;
    this.writing = true;
    const now = new Date();
    const staleBefore = new Date(now.getTime() - ONLINE_WINDOW_MS / 2);
    try {
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        await this.db().player.updateMany({ where: { id: { in: chunk }, OR: [{ lastSeen: null }, { lastSeen: { lt: staleBefore } }] }, data: { lastSeen: now } });
      }
    } catch (e) {
      console.warn("[sprout] presence: could not write lastSeen:", (e as Error).message);
    } finally {
      this.writing = false;
    }
  }
}
