import { z } from "zod";
import { chatSettings, type ChatOptions, type ChatSettings } from "../../experiment/chat.ts";
import type { JsonValue } from "../../experiment/fields.ts";
import { ForbiddenError, InvalidInputError, isExpectedError } from "../../errors.ts";
import type { Db, Tx } from "../../store/db.ts";
import { transaction } from "../../store/outbox.ts";
import { toChannelMessage, type ChannelHistory, type ChannelMessageView } from "./channel-message.ts";
import { t, type Locale } from "../../i18n/index.ts";
import { participantLocale } from "../../project.ts";

// Chat between participants, on a page that declares `chat`: a channel is a chat thread
// (the admin chat's tables) of kind "group" (key "group:<groupId>") or "session" (key
// "session"). Who may read and write is decided at every call from the caller's own player:
// the page they are on now and the group they are in now; the browser never names a
// channel, so there is no id to try another group's or session's with.

/** The methods a chat page's browser calls (over the live-call event; names a researcher's live method cannot have). */
export const CHAT_METHODS = ["chat:history", "chat:send"] as const;
export type ChatMethod = (typeof CHAT_METHODS)[number];
export const isChatMethod = (method: string): method is ChatMethod => (CHAT_METHODS as readonly string[]).includes(method);

/** The live event a channel's new message is pushed as, to the participants who share it. */
export const CHAT_EVENT = "chat";

/** What a chat method answers the page (the shape of a live method's result; live.ts passes it on). */
export type ChatResult = { ok: true; data: JsonValue } | { ok: false; error: string };

/** How many of a channel's latest messages the page loads (all of them are in chat.csv). */
const HISTORY = 200;

// The page's script sends null for "no arguments".
const ZHistory = z.object({}).strict().nullish();
const ZSend = z.object({ text: z.string() }).strict();

interface Caller {
  id: number;
  name: string;
  index: number;
  label: string;
  sessionId: number;
  groupId: number | null;
  memberIndex: number | null;
  position: number;
  pageOrder: string;
  session: { name: string; config: string };
}

/** The channel a player shares on their page, as a thread key; refused when they have none. */
function channelKey(p: Caller, settings: ChatSettings, locale: Locale): { kind: "group" | "session"; key: string } {
  if (settings.scope === "session") return { kind: "session", key: "session" };
  if (p.groupId === null) throw new ForbiddenError(t(locale, "chat.noGroup"));
  return { kind: "group", key: `group:${p.groupId}` };
}

/** The name the others see: a pseudonym by place (member index in a group, else the place in the session), or the label. */
export function aliasOf(p: Pick<Caller, "index" | "label" | "memberIndex">, settings: ChatSettings, locale: Locale = "en"): string {
  if (settings.sender === "label" && p.label !== "") return p.label;
  const place = settings.scope === "group" && p.memberIndex !== null ? p.memberIndex : p.index;
  return t(locale, "chat.pseudonym", { number: place + 1 });
}

/** The thread of a channel, made the first time someone writes; two first writers race on the unique key and the loser retries. */
async function channelThread(tx: Tx, sessionId: number, channel: { kind: string; key: string }) {
  const found = await tx.chatThread.findUnique({ where: { sessionId_key: { sessionId, key: channel.key } } });
  return found ?? tx.chatThread.create({ data: { sessionId, kind: channel.kind, key: channel.key } });
}

/** Checks a message: trimmed, not empty, at most the page's length. */
function messageText(text: string, settings: ChatSettings, locale: Locale): string {
  const trimmed = text.trim();
  if (trimmed === "") throw new InvalidInputError(t(locale, "chat.emptyMessage"));
  if (trimmed.length > settings.maxLength) throw new InvalidInputError(t(locale, "chat.tooLong", { max: settings.maxLength }));
  return trimmed;
}

/**
 * Runs a chat method for a player on the page at `position` (checked by the caller to have
 * `chat`). The message, the rate check and the position check share one transaction, which
 * holds the player's row: two sends of one player (two tabs, two instances) are counted one
 * after the other, so the rate limit holds.
 */
export async function callChat(db: Db, p: Caller, options: ChatOptions, position: number, method: ChatMethod, args: unknown): Promise<ChatResult> {
  const settings = chatSettings(options);
  const parsed = method === "chat:send" ? ZSend.safeParse(args) : ZHistory.safeParse(args);
  if (!parsed.success) return { ok: false, error: method === "chat:send" ? "A chat message needs { text }" : "chat:history takes no arguments" };
  try {
    // The config's language (a socket call carries no Accept-Language: one that follows the browser gets its fallback).
    const locale = participantLocale(p.session.config, null);
    const channel = channelKey(p, settings, locale);
    const me = aliasOf(p, settings, locale);
    if (method === "chat:history") return { ok: true, data: { me, messages: await channelHistory(db, p.sessionId, channel.key) } satisfies ChannelHistory as unknown as JsonValue };
    const text = messageText((parsed.data as { text: string }).text, settings, locale);
    return await transaction(
      db,
      async (tx, outbox) => {
        // Still on the page, in the same group? A conditional update that also locks the row.
        const still = await tx.player.updateMany({ where: { id: p.id, position, pageOrder: p.pageOrder, groupId: p.groupId, session: { is: { active: true } } }, data: { lastSeen: new Date() } });
        if (still.count !== 1) return { ok: false as const, error: t(locale, "live.pageChanged") };
        const since = new Date(Date.now() - settings.rateLimit.seconds * 1000);
        const recent = await tx.chatMessage.count({ where: { playerId: p.id, senderKind: "participant", createdAt: { gte: since } } });
        if (recent >= settings.rateLimit.messages) {
          return { ok: false as const, error: t(locale, "chat.tooFast", { messages: settings.rateLimit.messages, seconds: settings.rateLimit.seconds }) };
        }
        const thread = await channelThread(tx, p.sessionId, channel);
        const row = await tx.chatMessage.create({ data: { threadId: thread.id, senderKind: "participant", senderName: p.name, playerId: p.id, alias: me, text } });
        const message = toChannelMessage(row);
        const to = channel.kind === "session" ? { session: p.sessionId } : { players: (await tx.player.findMany({ where: { groupId: p.groupId }, select: { id: true } })).map((r) => r.id) };
        // The channel's participants (the writer's other tabs too), and the admins reading the session's chat.
        outbox.push({ to, event: "live:event", name: CHAT_EVENT, data: message as unknown as JsonValue }, { event: "chat:changed", sname: p.session.name });
        return { ok: true as const, data: message as unknown as JsonValue };
      },
      (e, attempt) => (e as { code?: string })?.code === "P2002" && attempt < 3,
    );
  } catch (e) {
    if (isExpectedError(e)) return { ok: false, error: e.message };
    throw e;
  }
}

/** A channel's latest messages, oldest first (none before the first message made the thread). */
async function channelHistory(read: Db, sessionId: number, key: string): Promise<ChannelMessageView[]> {
  const rows = await read.chatMessage.findMany({ where: { thread: { sessionId, key } }, orderBy: { id: "desc" }, take: HISTORY });
  return rows.map(toChannelMessage).reverse();
}
