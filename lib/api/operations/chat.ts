import { z } from "zod";
import { NotFoundError } from "../../errors.ts";
import { adminChatThread, chatInbox } from "../../data/chat.ts";
import { sessionDetail } from "../../data/sessions.ts";
import { MAX_CHAT_TEXT, markChatRead, sendAdminChat, setChatReplies } from "../../engine/chat/chat.ts";
import { db, readDb } from "../../store/db.ts";
import { operation } from "../operation.ts";
import { ZActionResult, ZSessionParams, zIso } from "../schemas.ts";

// The admin chat (lib/engine/chat/chat.ts): the inbox, one player's thread, writing to chosen
// players, and switching their replies on or off.

const ZPlayers = z.array(z.string().min(1).max(64), { error: "players is a list of player names" }).min(1, "Choose at least one player").max(10_000).describe("the chosen players' names");
const ZThreadParams = ZSessionParams.extend({ pname: z.string().min(1).max(128).describe("the player's name") });

const ZMessage = z.object({
  id: z.number().int(),
  thread: z.number().int(),
  from: z.enum(["admin", "participant"]),
  name: z.string().describe("the admin's name, or the player's"),
  text: z.string(),
  at: zIso(),
});

async function requireSession(sname: string): Promise<void> {
  if (!(await sessionDetail(readDb(), sname))) throw new NotFoundError(`There is no session "${sname}"`);
}

async function threadOf(sname: string, pname: string) {
  const thread = await adminChatThread(readDb(), sname, pname);
  if (!thread) throw new NotFoundError(`Session "${sname}" has no player "${pname}"`);
  return thread;
}

export const chatOperations = [
  operation({
    method: "GET",
    path: "/sessions/{sname}/chat/",
    tag: "chat",
    summary: "The session's chat inbox",
    description: "One entry per player the admins have written to, the latest conversation first, with the participant's messages the admins have not read.",
    full: false,
    params: ZSessionParams,
    response: z.object({
      threads: z.array(z.object({ player: z.string(), label: z.string(), repliesAllowed: z.boolean(), unread: z.number().int(), messages: z.number().int(), last: ZMessage.nullable() })),
    }),
    run: async ({ params }) => {
      await requireSession(params.sname);
      return { threads: await chatInbox(readDb(), params.sname) };
    },
  }),
  operation({
    method: "POST",
    path: "/sessions/{sname}/chat/",
    tag: "chat",
    summary: "Write to players in the chat",
    description: "The message goes into each chosen player's thread (a broadcast is one message per player), appears in their chat panel at once and is kept in the data (chat.csv).",
    full: true,
    params: ZSessionParams,
    body: z.object({ players: ZPlayers, text: z.string().min(1, "Write a message").max(MAX_CHAT_TEXT) }).strict(),
    bodyField: "text",
    response: ZActionResult,
    run: async ({ params, body, caller }) => sendAdminChat(db(), caller.actor, params.sname, body.players, body.text),
  }),
  operation({
    method: "POST",
    path: "/sessions/{sname}/chat/replies/",
    tag: "chat",
    summary: "Let players reply in the chat, or stop them",
    description: "Replies are off until allowed. The players' open chat panels follow at once; the server refuses a reply while they are off.",
    full: true,
    params: ZSessionParams,
    body: z.object({ players: ZPlayers, allowed: z.boolean().describe("true: they may reply") }).strict(),
    response: ZActionResult,
    run: async ({ params, body, caller }) => setChatReplies(db(), caller.actor, params.sname, body.players, body.allowed),
  }),
  operation({
    method: "GET",
    path: "/sessions/{sname}/chat/threads/{pname}/",
    tag: "chat",
    summary: "One player's chat thread",
    description: "Its latest 500 messages, oldest first (chat.csv has all), and whether the player may reply. Reading it does not mark it read.",
    full: false,
    params: ZThreadParams,
    response: z.object({ repliesAllowed: z.boolean(), messages: z.array(ZMessage) }),
    run: async ({ params }) => threadOf(params.sname, params.pname),
  }),
  operation({
    method: "POST",
    path: "/sessions/{sname}/chat/threads/{pname}/read/",
    tag: "chat",
    summary: "Mark a player's chat thread read",
    description: "Up to its latest message: the inbox no longer counts those messages as unread.",
    full: true,
    params: ZThreadParams,
    response: z.object({ unread: z.number().int().describe("unread messages left (0)") }),
    run: async ({ params }) => {
      const thread = await threadOf(params.sname, params.pname);
      const last = thread.messages.at(-1);
      if (last) await markChatRead(db(), params.sname, params.pname, last.id);
      return { unread: 0 };
    },
  }),
];
