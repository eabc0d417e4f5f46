import { z } from "zod";
import { ForbiddenError, InvalidInputError } from "../../errors.ts";
import { recordAudit } from "../../store/audit.ts";
import type { Db, Tx } from "../../store/db.ts";
import { transaction, type News } from "../../store/outbox.ts";
import { toChatMessage, type ChatMessageView } from "./message.ts";
import { choosePlayers, type ActionResult } from "../admin/player-actions.ts";

// Admin chat: the admins write to chosen players (one thread per player), decide per player
// whether they may reply, and read the replies in the session's inbox. Every message is a
// row (who, when, what); the news of it goes out after commit, to the player's tabs and to
// the admins watching the session's chat. Threads have members so that a chat between
// players can later be a thread of another kind, with the same messages and events.

export const MAX_CHAT_TEXT = 2000;
const ZText = z.string().trim().min(1, "Write a message").max(MAX_CHAT_TEXT, `A message has at most ${MAX_CHAT_TEXT} characters`);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const adminKey = (playerId: number) => `admin:${playerId}`;

/** Checks a message's text: trimmed, not empty, not too long. */
export function chatText(text: unknown): string {
  const parsed = ZText.safeParse(text);
  if (!parsed.success) throw new InvalidInputError(typeof text === "string" ? parsed.error.issues[0]!.message : "A message is text");
  return parsed.data;
}

/** Two admins opening a new player's thread at once race on the unique key: the loser starts over and finds it. */
function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === "P2002";
}

/** The admin thread with this player, made (with the player as its one member) the first time. */
async function adminThread(tx: Tx, sessionId: number, playerId: number) {
  const key = adminKey(playerId);
  const found = await tx.chatThread.findUnique({ where: { sessionId_key: { sessionId, key } } });
  if (found) return found;
  return tx.chatThread.create({ data: { sessionId, kind: "admin", key, members: { create: { playerId } } } });
}

/** Runs a chat action over chosen players in one transaction with its audit entry; news after commit. */
function chatAct(db: Db, admin: string, sname: string, names: readonly string[], action: string, detail: Record<string, unknown>, work: (tx: Tx, players: Awaited<ReturnType<typeof choosePlayers>>, outbox: News[]) => Promise<ActionResult>) {
  return transaction(
    db,
    async (tx, outbox) => {
      const players = await choosePlayers(tx, sname, names);
      const result = await work(tx, players, outbox);
      await recordAudit(tx, { admin, action, session: sname, detail: { ...detail, players: players.map((p) => p.name) } });
      // The inbox re-reads itself; the session's admin tabs re-read the page (its activity list).
      outbox.push({ event: "chat:changed", sname }, { event: "session:changed", sname });
      return result;
    },
    (e, attempt) => isUniqueViolation(e) && attempt < 3,
  );
}

/** The admin writes to each chosen player (a broadcast is the same message in each player's thread). */
export function sendAdminChat(db: Db, admin: string, sname: string, names: readonly string[], text: unknown): Promise<ActionResult> {
  const valid = chatText(text);
  return chatAct(db, admin, sname, names, "players.chat", { text: valid }, async (tx, players, outbox) => {
    for (const p of players) {
      const thread = await adminThread(tx, p.sessionId, p.id);
      const row = await tx.chatMessage.create({ data: { threadId: thread.id, senderKind: "admin", senderName: admin, text: valid } });
      // The admin's own message is read by the admins already.
      await tx.chatThread.update({ where: { id: thread.id }, data: { adminReadId: row.id } });
      outbox.push({ to: { players: [p.id] }, event: "chat:message", message: toChatMessage(row) });
    }
    return { changed: players.length, message: `Sent the chat message to ${plural(players.length, "player")}.` };
  });
}

/** Lets the chosen players reply, or stops them; their open chat panels follow at once. */
export function setChatReplies(db: Db, admin: string, sname: string, names: readonly string[], allowed: boolean): Promise<ActionResult> {
  if (typeof allowed !== "boolean") throw new InvalidInputError("allowed is true or false");
  return chatAct(db, admin, sname, names, allowed ? "players.allowReplies" : "players.forbidReplies", {}, async (tx, players, outbox) => {
    for (const p of players) {
      const thread = await adminThread(tx, p.sessionId, p.id);
      await tx.chatMember.update({ where: { threadId_playerId: { threadId: thread.id, playerId: p.id } }, data: { canWrite: allowed } });
      outbox.push({ to: { players: [p.id] }, event: "chat:replies", thread: thread.id, allowed });
    }
    return { changed: players.length, message: `${allowed ? "Allowed" : "Stopped"} replies for ${plural(players.length, "player")}.` };
  });
}

/**
 * A participant writes in a thread. The server decides everything from the socket's own
 * player: the thread must have them as a member, be of their session, and let them write.
 */
export async function sendParticipantChat(db: Db, player: { id: number; sessionId: number; name: string; sname: string }, threadId: number, text: unknown): Promise<ChatMessageView> {
  const valid = chatText(text);
  return transaction(db, async (tx, outbox) => {
    const member = await tx.chatMember.findUnique({ where: { threadId_playerId: { threadId, playerId: player.id } }, include: { thread: { select: { sessionId: true } } } });
    if (!member || member.thread.sessionId !== player.sessionId) throw new ForbiddenError("There is no such conversation");
    if (!member.canWrite) throw new ForbiddenError("Replies are not allowed in this conversation");
    const row = await tx.chatMessage.create({ data: { threadId, senderKind: "participant", senderName: player.name, playerId: player.id, text: valid } });
    await tx.chatMember.update({ where: { threadId_playerId: { threadId, playerId: player.id } }, data: { readId: row.id } });
    const message = toChatMessage(row);
    // Every member's tabs (the writer's other tabs too) and the admins' inbox.
    const members = await tx.chatMember.findMany({ where: { threadId }, select: { playerId: true } });
    outbox.push({ to: { players: members.map((m) => m.playerId) }, event: "chat:message", message }, { event: "chat:changed", sname: player.sname });
    return message;
  });
}

/**
 * The admins have read a player's thread up to message `upTo` (opening it in the inbox does
 * this with the last message it shows, so one that arrives meanwhile stays unread).
 */
export async function markChatRead(db: Db, sname: string, pname: string, upTo: number): Promise<void> {
  await transaction(db, async (tx, outbox) => {
    const thread = await tx.chatThread.findFirst({ where: { session: { name: sname }, kind: "admin", members: { some: { player: { name: pname } } } }, select: { id: true } });
    if (!thread) return;
    const { count } = await tx.chatThread.updateMany({ where: { id: thread.id, adminReadId: { lt: upTo } }, data: { adminReadId: upTo } });
    // Other admin tabs drop the unread mark too.
    if (count > 0) outbox.push({ event: "chat:changed", sname });
  });
}

/** A participant has seen their thread up to message `upTo` (their panel opened); only moves forward. */
export async function markParticipantRead(db: Db, playerId: number, threadId: number, upTo: number): Promise<void> {
  await db.$transaction((tx) => tx.chatMember.updateMany({ where: { threadId, playerId, readId: { lt: upTo } }, data: { readId: upTo } }));
}
