import Papa from "papaparse";
import { createSession } from "@/lib/engine/admin/sessions";
import { submitPage } from "@/lib/engine/participant/navigation";
import type { ChannelHistory, ChannelMessageView } from "@/lib/engine/chat/channel-message";
import { exportChunks } from "@/lib/data/exports";
import type { ChannelView } from "@/lib/realtime/events";
import { inProcessRealtime, type Heard } from "../../helpers/realtime";
import { eventually, type ParticipantSocket } from "../../helpers/sockets";

// Chat between participants (page({ chat })) over real sockets: a message reaches its
// channel only (the writer's group, or the whole session), is stored with time, sender and
// alias, and comes out in chat.csv; the admins read every channel live. Raw socket clients
// try what a page's script would not: another group's or session's channel, another page,
// too long, too fast, made-up arguments. Nothing of that is stored.

const rt = inProcessRealtime();
const TALK = 1;
const LOUNGE = 2;

type Tab = ParticipantSocket & { received: Heard };

/** A session of the chatters fixture with `n` players grouped in pairs on the Talk page, each with a tab. */
async function chatters(n: number, labels?: string[]) {
  const s = await createSession(rt.db, { config: "chatters", players: n }, { byKind: "system" });
  if (labels) for (const [i, label] of labels.entries()) await rt.db.player.update({ where: { id: s.players[i]!.id }, data: { label } });
  const dbs = { db: rt.db, read: rt.db };
  for (const p of s.players) await submitPage(dbs, s.name, p.name, -1, {});
  const players = await rt.db.player.findMany({ where: { sessionId: s.id }, orderBy: { index: "asc" } });
  expect(players.map((p) => p.position)).toEqual(players.map(() => TALK));
  const tabs: Tab[] = [];
  for (const p of s.players) tabs.push(await rt.participantTab(s.name, p.name));
  // Players by group: [first pair], [second pair], ...
  const byGroup = new Map<number, number[]>();
  for (const [i, p] of players.entries()) byGroup.set(p.groupId!, [...(byGroup.get(p.groupId!) ?? []), i]);
  return { ...s, dbs, tabs, pairs: [...byGroup.values()] };
}

const call = (tab: Tab, position: number, method: string, args?: unknown) => tab.emitWithAck("live:call", { position, method, args });
const chatPushes = (tab: Tab) => tab.received.filter((r) => r.event === "live:event" && (r.payload as { event: string }).event === "chat").map((r) => (r.payload as { data: ChannelMessageView }).data);
const messagesOf = (sessionId: number) => rt.db.chatMessage.findMany({ where: { thread: { sessionId } }, orderBy: { id: "asc" }, include: { thread: true } });

test("a group's message reaches its own pair only, live and in the history; another session's player hears nothing", async () => {
  const s = await chatters(4);
  const other = await chatters(2);
  const [[a1, a2], [b1, b2]] = s.pairs.map((pair) => pair.map((i) => s.tabs[i]!)) as [[Tab, Tab], [Tab, Tab]];
  const sent = await call(a1, TALK, "chat:send", { text: "  hi partner  " });
  expect(sent).toMatchObject({ ok: true, data: { from: expect.stringMatching(/^Player [12]$/), text: "hi partner" } });
  await eventually(() => chatPushes(a2).length === 1);
  // The second pair speaks too, so the first message had every chance to reach them.
  expect((await call(b1, TALK, "chat:send", { text: "hello b" })).ok).toBe(true);
  await eventually(() => chatPushes(b2).length === 1);
  expect(chatPushes(b1).map((m) => m.text)).toEqual(["hello b"]);
  expect(chatPushes(a1).map((m) => m.text)).toEqual(["hi partner"]);
  expect(chatPushes(a2).map((m) => m.text)).toEqual(["hi partner"]);
  for (const tab of other.tabs) expect(chatPushes(tab)).toEqual([]);
  // The history is the channel's: each pair sees its own message; the other session nothing.
  const history = async (tab: Tab) => {
    const result = await call(tab, TALK, "chat:history", null);
    if (!result.ok) throw new Error(result.error);
    return result.data as unknown as ChannelHistory;
  };
  expect((await history(a2)).messages.map((m) => m.text)).toEqual(["hi partner"]);
  expect((await history(b2)).messages.map((m) => m.text)).toEqual(["hello b"]);
  expect((await history(other.tabs[0]!)).messages).toEqual([]);
  // A pseudonym by member index, never the player's name (the link's credential).
  const mine = await history(a1);
  expect(mine.me).toBe(sent.ok ? (sent.data as unknown as ChannelMessageView).from : "");
  expect(JSON.stringify(a2.received)).not.toContain(s.players[s.pairs[0]![0]!]!.name);
});

test("what a raw client tries is refused and stores nothing: another page, made-up arguments, too long, empty, too fast, a page without chat", async () => {
  const s = await chatters(2);
  const [a] = s.tabs as [Tab, Tab];
  const refusals = [
    [LOUNGE, "chat:send", { text: "not there yet" }, /no longer the participant's current page/],
    [TALK, "chat:send", { text: "x", thread: 1 }, /needs \{ text \}/],
    [TALK, "chat:send", { text: 42 }, /needs \{ text \}/],
    [TALK, "chat:send", null, /needs \{ text \}/],
    [TALK, "chat:history", { thread: 1 }, /takes no arguments/],
    [TALK, "chat:send", { text: "x".repeat(21) }, /at most 20 characters/],
    [TALK, "chat:send", { text: "   " }, /Write a message/],
    [TALK, "chat:delete", {}, /no live method "chat:delete"/],
  ] as const;
  for (const [position, method, args, error] of refusals) {
    const result = await call(a, position, method, args);
    expect([method, args, result]).toEqual([method, args, { ok: false, error: expect.stringMatching(error) }]);
  }
  expect(await messagesOf(s.id)).toEqual([]);
  // The rate limit: 3 in 60 seconds, then refused, also when sent all at once (counted under the player's row lock).
  const burst = await Promise.all(Array.from({ length: 5 }, (_, i) => call(a, TALK, "chat:send", { text: `m${i}` })));
  expect(burst.filter((r) => r.ok)).toHaveLength(3);
  expect(burst.filter((r) => !r.ok).map((r) => (r as { error: string }).error)).toEqual([expect.stringMatching(/too fast: at most 3 in 60 seconds/), expect.stringMatching(/too fast/)]);
  expect(await messagesOf(s.id)).toHaveLength(3);
  // On a page without a chat there is none, whatever the client asks.
  for (const p of s.players) await submitPage(s.dbs, s.name, p.name, TALK, {});
  for (const p of s.players) await submitPage(s.dbs, s.name, p.name, LOUNGE, {});
  expect(await call(a, LOUNGE + 1, "chat:send", { text: "quiet?" })).toEqual({ ok: false, error: "This page has no chat" });
  expect(await messagesOf(s.id)).toHaveLength(3);
});

test("the session-wide channel reaches every group under labels; the admins read each channel live; chat.csv has sender, alias and channel", async () => {
  const s = await chatters(4, ["seat-A", "seat-B", "seat-C", ""]);
  const admin = await rt.adminTab();
  expect(await admin.emitWithAck("chat:channels", { sname: s.name })).toEqual({ ok: true, channels: [] });
  expect(await admin.emitWithAck("chat:channels", { sname: "no-such-session" })).toEqual({ ok: false, error: 'There is no session "no-such-session"' });
  const [first] = s.pairs[0]!;
  expect((await call(s.tabs[first!]!, TALK, "chat:send", { text: "pair talk" })).ok).toBe(true);
  await eventually(() => admin.heard.some((h) => h.event === "chat:changed"));
  for (const p of s.players) await submitPage(s.dbs, s.name, p.name, TALK, {});
  expect((await call(s.tabs[0]!, LOUNGE, "chat:send", { text: "hi all" })).ok).toBe(true);
  expect((await call(s.tabs[3]!, LOUNGE, "chat:send", { text: "no label" })).ok).toBe(true);
  for (const tab of s.tabs) await eventually(() => chatPushes(tab).filter((m) => m.text !== "pair talk").length === 2);
  expect(chatPushes(s.tabs[2]!).filter((m) => m.text !== "pair talk").map((m) => [m.from, m.text])).toEqual([
    ["seat-A", "hi all"],
    ["Player 4", "no label"],
  ]);

  const channels = await admin.emitWithAck("chat:channels", { sname: s.name });
  if (!channels.ok) throw new Error(channels.error);
  const shown = channels.channels.map((c: ChannelView) => [c.kind, c.messages.map((m) => [m.player, m.alias, m.text])]);
  expect(shown).toEqual([
    ["session", [[s.players[0]!.name, "seat-A", "hi all"], [s.players[3]!.name, "Player 4", "no label"]]],
    ["group", [[s.players[first!]!.name, expect.stringMatching(/^Player [12]$/), "pair talk"]]],
  ]);

  let csv = "";
  for await (const chunk of exportChunks(rt.db, "chat.csv", { sessionId: s.id })) csv += chunk;
  const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
  expect(rows.map((r) => [r.kind, r.player, r.from, r.sender, r.alias, r.text, r.channel!.replace(/\d+/, "N")])).toEqual([
    ["group", s.players[first!]!.name, "participant", s.players[first!]!.name, expect.stringMatching(/^Player [12]$/), "pair talk", "group:N"],
    ["session", s.players[0]!.name, "participant", s.players[0]!.name, "seat-A", "hi all", "session"],
    ["session", s.players[3]!.name, "participant", s.players[3]!.name, "Player 4", "no label", "session"],
  ]);
  expect(rows.every((r) => !Number.isNaN(Date.parse(r.at!)))).toBe(true);
});

test("two first messages of one channel at once make one thread", async () => {
  const s = await chatters(2);
  const results = await Promise.all(s.tabs.map((tab, i) => call(tab, TALK, "chat:send", { text: `first ${i}` })));
  expect(results.every((r) => r.ok)).toBe(true);
  expect(await rt.db.chatThread.count({ where: { sessionId: s.id } })).toBe(1);
  expect(await messagesOf(s.id)).toHaveLength(2);
});
