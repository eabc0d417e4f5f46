import type { ChatMessageView } from "../engine/chat/message.ts";
import type { JsonValue } from "../experiment/fields.ts";
import type { Db, Tx } from "./db.ts";
import { log } from "../log.ts";

// News leaves a transaction one way. Whatever changes state collects the news of its change
// (who should look again) in the transaction's outbox; once the transaction has committed,
// the outbox goes to the one publisher, which lib/realtime installs when the socket server
// starts. So the admin pages, the CLI and a REST API notify alike, and nothing here knows
// about sockets. Without a socket server (the CLI, unit tests) news is dropped: it is only
// a hint to look again, the database is the truth.

/** News for the open tabs of some players (every tab of each), or of a whole session. */
export type Push =
  | { to: { players: number[] } | { session: number }; event: "page:refresh" | "page:reload" }
  | { to: { players: number[] }; event: "page:redirect"; url: string }
  | { to: { players: number[] }; event: "page:message"; text: string }
  | { to: { players: number[] } | { session: number }; event: "live:event"; name: string; data: JsonValue }
  /** a new message in a chat thread these players are members of */
  | { to: { players: number[] }; event: "chat:message"; message: ChatMessageView }
  /** an admin allowed or stopped these players' replies in a thread */
  | { to: { players: number[] }; event: "chat:replies"; thread: number; allowed: boolean }
  /** not for participants: the admins' monitors re-read these players' rows */
  | { to: { players: number[] }; event: "monitor:changed" };

/** The news of one change; a transaction's outbox holds a list of them, in order. */
export type News =
  | Push
  /** the admin tabs watching the session re-read it */
  | { event: "session:changed"; sname: string }
  /** the admin tabs showing the session's chat inbox re-read it (a message, a read mark, replies switched) */
  | { event: "chat:changed"; sname: string }
  /** the admin tabs showing the room re-read it */
  | { event: "room:changed"; room: string }
  /** everyone on the room's waiting page tries to join now (the room lets them in, or is gone) */
  | { event: "room:start"; room: string }
  /** these admin logins were revoked: their open tabs are signed out and closed */
  | { event: "admin:signed-out"; logins: string[] };

/** Sends news on; it must not throw for news it cannot deliver. */
export type Publisher = (news: readonly News[]) => void;

// On globalThis: route handlers and server actions (the Next bundle) and server.ts are
// separate module graphs in one process, and both must reach the publisher server.ts installs.
const installed = globalThis as unknown as { sproutPublisher?: Publisher };

/** Called once by the realtime layer at startup (undefined uninstalls it). */
export function installPublisher(publisher: Publisher | undefined): void {
  installed.sproutPublisher = publisher;
}

/**
 * Hands news to the publisher. Call it only once the change it tells of has committed (or
 * when nothing is stored, as for a message to open tabs). A publisher's failure is logged,
 * not thrown: the change stands, and the caller's answer must say so.
 */
export function sendAfterCommit(news: readonly News[]): void {
  const publisher = installed.sproutPublisher;
  if (!publisher || news.length === 0) return;
  try {
    publisher(news);
  } catch (e) {
    log.error({ err: e }, "news after commit failed");
  }
}

/**
 * Runs `work` in one transaction with an empty outbox, and sends what it put there once the
 * transaction committed; a rollback drops it. `retry` says which errors start the work over
 * (a new transaction, a new outbox).
 */
export async function transaction<T>(db: Db, work: (tx: Tx, outbox: News[]) => Promise<T>, retry: (e: unknown, attempt: number) => boolean = () => false): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const outbox: News[] = [];
    let result: T;
    try {
      result = await db.$transaction((tx) => work(tx, outbox));
    } catch (e) {
      if (retry(e, attempt)) continue;
      // PostgreSQL broke a deadlock (or a serialization conflict) by rolling this one back:
      // nothing of it stands, so it runs again after a short, random pause.
      if (isDeadlock(e) && attempt < 5) {
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
        continue;
      }
      throw e;
    }
    sendAfterCommit(outbox);
    return result;
  }
}

/** A transaction PostgreSQL rolled back to break a deadlock or a serialization conflict. */
function isDeadlock(e: unknown): boolean {
  const err = e as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  const code = err?.meta?.driverAdapterError?.cause?.originalCode;
  return err?.code === "P2034" || code === "40P01" || code === "40001";
}
