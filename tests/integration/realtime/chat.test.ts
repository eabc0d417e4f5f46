import { markChatRead, sendAdminChat, setChatReplies } from "@/lib/engine/chat/chat";
import { createSession } from "@/lib/engine/admin/sessions";
import type { ChatMessageView, ChatThreadView } from "@/lib/realtime/events";
import { type Db } from "@/lib/store/db";
import { ADMIN, inProcessRealtime } from "../../helpers/realtime";
import { eventually, type ParticipantSocket } from "../../helpers/sockets";

// The admin chat over real sockets: an admin's message reaches the player's tabs, a reply
// comes back to the admins' inbox, and the server alone decides who may read or write in a
// thread (replies switched off, another player's thread, another session's player).

const rt = inProcessRealtime();
let db: Db;
beforeAll(() => ({ db } = rt));
const { adminTab, participantTab } = rt;

const session = (players: number) => createSession(db, { config: "basics", players }, { byKind: "system" });
const history = async (tab: ParticipantSocket) => {
  const result = await tab.emitWithAck("chat:history", {});
  if (!result.ok) throw new Error(result.error);
  return result.threads as ChatThreadView[];
};

test("an admin's message reaches the player's tabs only; an allowed reply reaches the admins' inbox as unread, and opening it reads it", async () => {
  const s = await session(2);
  const [alice, bob] = [s.players[0]!.name, s.players[1]!.name];
  const admin = await adminTab();
  const inbox = await admin.emitWithAck("chat:watch", { sname: s.name });
  expect(inbox).toEqual({ ok: true, threads: [] });
  const [aliceTab, bobTab] = [await participantTab(s.name, alice), await participantTab(s.name, bob)];
  expect(await history(aliceTab)).toEqual([]);

  await sendAdminChat(db, ADMIN, s.name, [alice], "Hello, are you there?");
  await eventually(() => aliceTab.received.some((r) => r.event === "chat:message"));
  const pushed = aliceTab.received.find((r) => r.event === "chat:message")!.payload as ChatMessageView;
  expect(pushed).toMatchObject({ from: "admin", name: ADMIN, text: "Hello, are you there?" });
  expect(bobTab.received.filter((r) => r.event.startsWith("chat:"))).toEqual([]);
  const [thread] = await history(aliceTab);
  expect(thread).toMatchObject({ id: pushed.thread, kind: "admin", canWrite: false, messages: [pushed] });

  await setChatReplies(db, ADMIN, s.name, [alice], true);
  await eventually(() => aliceTab.received.some((r) => r.event === "chat:replies"));
  expect(aliceTab.received.find((r) => r.event === "chat:replies")!.payload).toEqual({ thread: pushed.thread, allowed: true });

  admin.heard.length = 0;
  const reply = await aliceTab.emitWithAck("chat:send", { thread: pushed.thread, text: "  Yes, I am.  " });
  expect(reply).toMatchObject({ ok: true, message: { from: "participant", name: alice, text: "Yes, I am." } });
  await eventually(() => admin.heard.some((h) => h.event === "chat:changed"));
  const after = await admin.emitWithAck("chat:watch", { sname: s.name });
  expect(after.ok && after.threads).toEqual([{ player: alice, label: "", repliesAllowed: true, unread: 1, messages: 2, last: expect.objectContaining({ text: "Yes, I am." }) }]);

  const opened = await admin.emitWithAck("chat:open", { sname: s.name, player: alice });
  expect(opened.ok && opened.messages.map((m) => [m.from, m.text])).toEqual([["admin", "Hello, are you there?"], ["participant", "Yes, I am."]]);
  const read2 = await admin.emitWithAck("chat:watch", { sname: s.name });
  expect(read2.ok && read2.threads[0]!.unread).toBe(0);
  // Stored: who, when, what.
  const rows = await db.chatMessage.findMany({ where: { threadId: pushed.thread }, orderBy: { id: "asc" } });
  expect(rows.map((r) => [r.senderKind, r.senderName, r.text, r.createdAt instanceof Date])).toEqual([["admin", ADMIN, "Hello, are you there?", true], ["participant", alice, "Yes, I am.", true]]);
});

test("a reply while replies are off is refused by the server and stored nowhere", async () => {
  const s = await session(1);
  const p = s.players[0]!.name;
  await sendAdminChat(db, ADMIN, s.name, [p], "Please do not answer");
  const tab = await participantTab(s.name, p);
  const [thread] = await history(tab);
  expect(thread!.canWrite).toBe(false);
  expect(await tab.emitWithAck("chat:send", { thread: thread!.id, text: "But I want to" })).toEqual({ ok: false, error: "Replies are not allowed in this conversation" });

  // Allowed, then switched off again: refused again.
  await setChatReplies(db, ADMIN, s.name, [p], true);
  expect((await tab.emitWithAck("chat:send", { thread: thread!.id, text: "ok" })).ok).toBe(true);
  await setChatReplies(db, ADMIN, s.name, [p], false);
  expect(await tab.emitWithAck("chat:send", { thread: thread!.id, text: "again" })).toEqual({ ok: false, error: "Replies are not allowed in this conversation" });
  expect(await db.chatMessage.count({ where: { threadId: thread!.id, senderKind: "participant" } })).toBe(1);
});

test("a participant of another session (or another player) can neither read nor write in a thread", async () => {
  const [s, other] = [await session(2), await session(1)];
  const [alice, bob] = [s.players[0]!.name, s.players[1]!.name];
  await sendAdminChat(db, ADMIN, s.name, [alice], "Only for alice");
  await setChatReplies(db, ADMIN, s.name, [alice, bob], true);
  const aliceThread = (await history(await participantTab(s.name, alice)))[0]!;

  const stranger = await participantTab(other.name, other.players[0]!.name);
  const neighbour = await participantTab(s.name, bob);
  for (const tab of [stranger, neighbour]) {
    expect((await history(tab)).flatMap((t) => t.messages).map((m) => m.text)).not.toContain("Only for alice");
    expect(await tab.emitWithAck("chat:send", { thread: aliceThread.id, text: "let me in" })).toEqual({ ok: false, error: "There is no such conversation" });
  }
  // Sending to the stranger's session does not reach into another session's threads either.
  await sendAdminChat(db, ADMIN, other.name, [other.players[0]!.name], "hello");
  await eventually(() => stranger.received.some((r) => r.event === "chat:message"));
  expect(stranger.received.filter((r) => r.event === "chat:message").map((r) => (r.payload as ChatMessageView).text)).toEqual(["hello"]);
  expect(await db.chatMessage.count({ where: { threadId: aliceThread.id } })).toBe(1);
});

test("bad chat input gets an error answer, never a crash, and changes nothing", async () => {
  const s = await session(1);
  const p = s.players[0]!.name;
  await sendAdminChat(db, ADMIN, s.name, [p], "hi");
  await setChatReplies(db, ADMIN, s.name, [p], true);
  const tab = await participantTab(s.name, p);
  const [thread] = await history(tab);
  const send = (payload: unknown) => tab.emitWithAck("chat:send", payload as { thread: number; text: string });
  for (const bad of [null, "text", { thread: "1", text: "x" }, { thread: thread!.id }, { thread: thread!.id, text: 5 }, { thread: -1, text: "x" }, { thread: thread!.id, text: "x", extra: 1 }]) {
    expect(await send(bad)).toEqual({ ok: false, error: "A chat message needs { thread, text }" });
  }
  expect(await send({ thread: thread!.id, text: "   " })).toEqual({ ok: false, error: "Write a message" });
  expect(await send({ thread: thread!.id, text: "x".repeat(2001) })).toEqual({ ok: false, error: "A message has at most 2000 characters" });
  expect(await send({ thread: 2 ** 31 - 1, text: "x" })).toEqual({ ok: false, error: "There is no such conversation" });
  const admin = await adminTab();
  expect(await admin.emitWithAck("chat:open", { sname: s.name } as never)).toEqual({ ok: false, error: "chat:open needs { sname, player }" });
  expect(await admin.emitWithAck("chat:open", { sname: s.name, player: "nobody" })).toEqual({ ok: false, error: `Session "${s.name}" has no player "nobody"` });
  expect(await admin.emitWithAck("chat:watch", { sname: "nosuch" })).toEqual({ ok: false, error: 'There is no session "nosuch"' });
  // The socket still works.
  expect((await send({ thread: thread!.id, text: "still here" })).ok).toBe(true);
  expect(await db.chatMessage.count({ where: { threadId: thread!.id } })).toBe(2);
});

test("a read mark only covers what was shown: a reply that arrives after it stays unread", async () => {
  const s = await session(1);
  const p = s.players[0]!.name;
  await sendAdminChat(db, ADMIN, s.name, [p], "hi");
  await setChatReplies(db, ADMIN, s.name, [p], true);
  const tab = await participantTab(s.name, p);
  const [thread] = await history(tab);
  const first = await tab.emitWithAck("chat:send", { thread: thread!.id, text: "one" });
  await tab.emitWithAck("chat:send", { thread: thread!.id, text: "two" });
  await markChatRead(db, s.name, p, first.ok ? first.message.id : 0);
  const admin = await adminTab();
  const inbox = await admin.emitWithAck("chat:watch", { sname: s.name });
  expect(inbox.ok && inbox.threads[0]!.unread).toBe(1);
});

test("a participant's read mark is kept (a reload counts only newer messages as new), moves only forward and only on their own thread", async () => {
  const s = await session(2);
  const [p, q] = [s.players[0]!.name, s.players[1]!.name];
  await sendAdminChat(db, ADMIN, s.name, [p, q], "first");
  await sendAdminChat(db, ADMIN, s.name, [p], "second");
  const [tab, other] = [await participantTab(s.name, p), await participantTab(s.name, q)];
  const [thread] = await history(tab);
  expect(thread!.readId).toBe(0);
  const [firstId, secondId] = thread!.messages.map((m) => m.id);
  // Another player's mark on this thread, and malformed marks, change nothing.
  other.emit("chat:read", { thread: thread!.id, upTo: secondId! });
  for (const bad of [null, { thread: thread!.id }, { thread: thread!.id, upTo: "9" }, { thread: thread!.id, upTo: -1 }]) tab.emit("chat:read", bad as never);
  tab.emit("chat:read", { thread: thread!.id, upTo: secondId! });
  tab.emit("chat:read", { thread: thread!.id, upTo: firstId! });
  await eventually(async () => (await history(tab))[0]!.readId === secondId);
  await new Promise((r) => setTimeout(r, 200));
  expect((await history(tab))[0]!.readId).toBe(secondId);
  expect((await history(other))[0]!.readId).toBe(0);
});
