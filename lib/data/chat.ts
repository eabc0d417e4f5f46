import { toChatMessage, type ChatMessageView } from "../engine/chat/message.ts";
import type { Db } from "../store/db.ts";

// Reads of the chat: a participant's threads (their panel), a session's inbox (the admins'
// list with unread counts) and one player's thread (opened in the inbox or read by the API).

/** A thread as its participant sees it. */
export interface ChatThreadView {
  id: number;
  kind: string;
  /** whether this player may write in it */
  canWrite: boolean;
  /** the last message this player has seen (their panel counts the admins' later ones as new) */
  readId: number;
  messages: ChatMessageView[];
}

/** One player's admin thread in the session's inbox. */
export interface ChatInboxEntry {
  player: string;
  label: string;
  repliesAllowed: boolean;
  /** the participant's messages the admins have not read */
  unread: number;
  messages: number;
  last: ChatMessageView | null;
}

/** How many of a thread's latest messages a page loads (older ones stay in the exports). */
const HISTORY = 500;

const MESSAGE = { id: true, threadId: true, senderKind: true, senderName: true, text: true, createdAt: true } as const;

/** The player's threads, oldest message first within each. */
export async function playerChatThreads(read: Db, playerId: number): Promise<ChatThreadView[]> {
  const members = await read.chatMember.findMany({
    // Only the admins' threads: participants' channels belong to their pages' chat, not to this panel.
    where: { playerId, thread: { kind: "admin" } },
    orderBy: { threadId: "asc" },
    select: { canWrite: true, readId: true, thread: { select: { id: true, kind: true, messages: { select: MESSAGE, orderBy: { id: "desc" }, take: HISTORY } } } },
  });
  return members.map((m) => ({ id: m.thread.id, kind: m.thread.kind, canWrite: m.canWrite, readId: m.readId, messages: m.thread.messages.map(toChatMessage).reverse() }));
}

/** The session's admin threads, the one with the latest message first. */
export async function chatInbox(read: Db, sname: string): Promise<ChatInboxEntry[]> {
  const threads = await read.chatThread.findMany({
    where: { session: { name: sname }, kind: "admin" },
    select: {
      id: true,
      adminReadId: true,
      members: { select: { canWrite: true, player: { select: { name: true, label: true } } }, take: 1 },
      messages: { select: MESSAGE, orderBy: { id: "desc" }, take: 1 },
      _count: { select: { messages: true } },
    },
  });
  // Unread: the participants' messages after each thread's read mark, counted in one query.
  const unreadRows = await read.chatMessage.findMany({ where: { thread: { session: { name: sname }, kind: "admin" }, senderKind: "participant" }, select: { id: true, threadId: true } });
  const readMark = new Map(threads.map((t) => [t.id, t.adminReadId]));
  const unread = new Map<number, number>();
  for (const m of unreadRows) if (m.id > (readMark.get(m.threadId) ?? 0)) unread.set(m.threadId, (unread.get(m.threadId) ?? 0) + 1);
  return threads
    .filter((t) => t.members[0])
    .map((t) => ({
      player: t.members[0]!.player.name,
      label: t.members[0]!.player.label,
      repliesAllowed: t.members[0]!.canWrite,
      unread: unread.get(t.id) ?? 0,
      messages: t._count.messages,
      last: t.messages[0] ? toChatMessage(t.messages[0]) : null,
    }))
    .sort((a, b) => (b.last?.id ?? 0) - (a.last?.id ?? 0));
}

/** One player's admin thread (no messages and replies off when the admins have not written yet); null: no such player. */
export async function adminChatThread(read: Db, sname: string, pname: string): Promise<{ messages: ChatMessageView[]; repliesAllowed: boolean } | null> {
  const player = await read.player.findFirst({ where: { name: pname, session: { name: sname } }, select: { id: true } });
  if (!player) return null;
  const member = await read.chatMember.findFirst({
    where: { playerId: player.id, thread: { kind: "admin" } },
    select: { canWrite: true, thread: { select: { messages: { select: MESSAGE, orderBy: { id: "desc" }, take: HISTORY } } } },
  });
  return { repliesAllowed: member?.canWrite ?? false, messages: (member?.thread.messages ?? []).map(toChatMessage).reverse() };
}

/** A message of a participants' channel as the admins read it: the sender's player too. */
export interface ChannelMessageAdminView {
  id: number;
  player: string;
  /** the name the participants saw */
  alias: string;
  text: string;
  at: string;
}

/** A participants' channel of the session (a group's or the session-wide one), for the admins. */
export interface ChannelView {
  kind: "group" | "session";
  /** "Group 3 (2 players)" or "Whole session" */
  title: string;
  messages: ChannelMessageAdminView[];
}

/** Every participants' channel of the session with its latest messages, the busiest last written first. */
export async function sessionChannels(read: Db, sname: string): Promise<ChannelView[]> {
  const threads = await read.chatThread.findMany({
    where: { session: { name: sname }, kind: { in: ["group", "session"] } },
    select: { id: true, kind: true, key: true, messages: { select: { id: true, senderName: true, alias: true, text: true, createdAt: true }, orderBy: { id: "desc" }, take: HISTORY } },
  });
  const groupIds = threads.flatMap((t) => (t.kind === "group" ? [Number(t.key.slice("group:".length))] : []));
  const groups = new Map((await read.group.findMany({ where: { id: { in: groupIds } }, select: { id: true, index: true, app: true } })).map((g) => [g.id, g]));
  return threads
    .map((t) => {
      const group = t.kind === "group" ? groups.get(Number(t.key.slice("group:".length))) : undefined;
      const title = t.kind === "session" ? "Whole session" : group ? `Group ${group.index}${group.app ? ` (${group.app})` : ""}` : t.key;
      const messages = t.messages.map((m) => ({ id: m.id, player: m.senderName, alias: m.alias ?? "", text: m.text, at: m.createdAt.toISOString() })).reverse();
      return { kind: t.kind === "session" ? ("session" as const) : ("group" as const), title, messages };
    })
    .sort((a, b) => (b.messages.at(-1)?.id ?? 0) - (a.messages.at(-1)?.id ?? 0));
}
