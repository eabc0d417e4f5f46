import { randomUUID } from "node:crypto";
import { ONLINE_WINDOW_MS } from "../store/connections.ts";
import type { Db } from "../store/db.ts";
import { sendAfterCommit } from "../store/outbox.ts";
import { log } from "../log.ts";

const HEARTBEAT_MS = ONLINE_WINDOW_MS * 0.4;
/** A burst of connects (a whole lab arriving, a page move's reconnect) is written as one. */
const BATCH_MS = 50;
const CHUNK = 500;

/** Presence is news like any other: the admins' monitors re-read these players (online, last seen). */
const monitorChanged = (players: number[]) => sendAfterCommit([{ to: { players }, event: "monitor:changed" }]);

/**
 * Presence from the socket connections themselves, kept in the database so that every
 * instance reads the same answer: this instance counts each player's open tabs in memory and
 * keeps one Connection row per player while the count is above zero. A player is online while
 * any instance has a fresh row for them (lib/store/connections.ts). Only a count crossing zero
 * is written, so a reload (disconnect, then connect) changes nothing; the rows are refreshed
 * in one statement every few seconds, and those of a killed instance run out by themselves.
 */
export class Presence {
  /** this process's id in the Connection table */
  readonly instance = randomUUID();
  private readonly tabs = new Map<number, number>();
  /** players whose count crossed zero here since the last write */
  private readonly changed = new Set<number>();
  private soon: NodeJS.Timeout | null = null;
  private readonly heartbeat: NodeJS.Timeout;
  private stopped = false;
  /** the write in progress: writes run one at a time, so their order is the order of events */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly db: () => Db) {
    this.heartbeat = setInterval(() => void this.queue(() => this.refresh()), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  connected(playerId: number): void {
    const tabs = (this.tabs.get(playerId) ?? 0) + 1;
    this.tabs.set(playerId, tabs);
    if (tabs === 1) this.markChanged(playerId);
  }

  disconnected(playerId: number): void {
    const tabs = (this.tabs.get(playerId) ?? 1) - 1;
    if (tabs > 0) return void this.tabs.set(playerId, tabs);
    this.tabs.delete(playerId);
    this.markChanged(playerId);
  }

  /** Stops writing and removes this instance's rows: its players show offline until they reconnect elsewhere. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    if (this.soon) clearTimeout(this.soon);
    await this.writing;
    const gone = await this.db().connection.findMany({ where: { instance: this.instance }, select: { playerId: true } });
    await this.db().$transaction([this.db().connection.deleteMany({ where: { instance: this.instance } })]);
    monitorChanged(gone.map((r) => r.playerId));
  }

  private markChanged(playerId: number): void {
    if (this.stopped) return;
    this.changed.add(playerId);
    this.soon ??= setTimeout(() => {
      this.soon = null;
      const ids = [...this.changed];
      this.changed.clear();
      // A write that fails (the database away) is not lost: the next refresh sets every row right.
      void this.queue(() => this.write(ids));
    }, BATCH_MS);
  }

  private queue(work: () => Promise<void>): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (this.stopped) return;
      try {
        await work();
      } catch (e) {
        log.warn({ err: (e as Error).message }, "presence could not be written");
      }
    });
    return this.writing;
  }

  /**
   * Writes each player's state as it is now (a row while they have a tab here, none when not):
   * the same result whatever happened in between. lastSeen becomes now for both, so the
   * monitor's "last seen" of someone who left is the time they left.
   */
  private async write(ids: number[]): Promise<void> {
    const now = new Date();
    const db = this.db();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const here = chunk.filter((id) => this.tabs.has(id));
      // In a transaction: a bare write would join another request's open one (see readDb).
      await db.$transaction([
        db.connection.deleteMany({ where: { instance: this.instance, playerId: { in: chunk } } }),
        ...(here.length ? [db.connection.createMany({ data: here.map((playerId) => ({ instance: this.instance, playerId, seenAt: now })) })] : []),
        db.player.updateMany({ where: { id: { in: chunk } }, data: { lastSeen: now } }),
      ]);
    }
    monitorChanged(ids);
  }

  /**
   * Every few seconds: this instance's rows are set right where they differ from its tabs (a
   * write lost in an outage, rows another instance removed as expired after a stall) and
   * refreshed, its players' lastSeen kept recent (dropout checks read it), and rows that ran out
   * (an instance that was killed) removed, so the monitor hears that those players went offline.
   */
  private async refresh(): Promise<void> {
    const now = new Date();
    const db = this.db();
    const staleBefore = new Date(now.getTime() - ONLINE_WINDOW_MS * 0.3);
    const ids = [...this.tabs.keys()];
    const stored = new Set((await db.connection.findMany({ where: { instance: this.instance }, select: { playerId: true } })).map((r) => r.playerId));
    const wrong = [...ids.filter((id) => !stored.has(id)), ...[...stored].filter((id) => !this.tabs.has(id))];
    if (wrong.length) await this.write(wrong);
    await db.$transaction([db.connection.updateMany({ where: { instance: this.instance }, data: { seenAt: now } })]);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      await db.$transaction([db.player.updateMany({ where: { id: { in: chunk }, OR: [{ lastSeen: null }, { lastSeen: { lt: staleBefore } }] }, data: { lastSeen: now } })]);
    }
    const expired = { seenAt: { lte: new Date(now.getTime() - ONLINE_WINDOW_MS) } };
    const gone = await db.connection.findMany({ where: expired, select: { playerId: true } });
    if (gone.length === 0) return;
    await db.$transaction([db.connection.deleteMany({ where: expired })]);
    monitorChanged(gone.map((r) => r.playerId));
  }
}
