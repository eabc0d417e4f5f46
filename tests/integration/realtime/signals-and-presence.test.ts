import http from "node:http";
import type { AddressInfo } from "node:net";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { sessionApi } from "@/lib/engine/core/handles";
import { WriteBuffer } from "@/lib/engine/core/write-buffer";
import { createSession } from "@/lib/engine/admin/sessions";
import { signalPlayers } from "@/lib/engine/admin/signals";
import { createRealtime } from "@/lib/realtime/server";
import { createDb, type Db } from "@/lib/store/db";
import { freshDb } from "../../helpers/database";
import { connectParticipant, eventually, type ParticipantSocket } from "../../helpers/sockets";

// The realtime layer on its own: a real HTTP server on port 0, socket.io on it, real clients.
let db: Db;
let read: Db;
let server: http.Server;
let stopPresence: () => Promise<void>;
let base: string;
const sockets: ParticipantSocket[] = [];

beforeAll(async () => {
  const fresh = freshDb();
  db = fresh.db;
  read = createDb(fresh.url);
  server = http.createServer();
  const { presence } = createRealtime(server, { db: () => db, read: () => read });
  stopPresence = () => presence.stop();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await stopPresence();
  for (const s of sockets) s.close();
  await new Promise((r) => server.close(r));
  await Promise.all([db.$disconnect(), read.$disconnect()]);
});

async function players(n: number) {
  const s = await createSession(db, { config: "basics", players: n }, { byKind: "system" });
  return { ...s, urls: s.players.map((p) => `${base}/p/${s.name}/${p.name}/`) };
}
const connect = async (url: string) => {
  const socket = await connectParticipant(base, url);
  sockets.push(socket);
  return socket;
};

test("a message, a reload and a redirect reach every open tab of the chosen players, and no one else", async () => {
  const s = await players(2);
  const [tab1, tab2, other] = [await connect(s.urls[0]!), await connect(s.urls[0]!), await connect(s.urls[1]!)];
  await signalPlayers(db, s.name, [s.players[0]!.name], { kind: "message", text: "Please raise your hand." });
  await signalPlayers(db, s.name, [s.players[0]!.name], { kind: "reload" });
  await signalPlayers(db, s.name, [s.players[0]!.name], { kind: "redirect", url: "https://example.org/thanks" });
  for (const tab of [tab1, tab2]) {
    await eventually(() => tab.received.length === 3);
    expect(tab.received).toEqual([
      { event: "page:message", payload: { text: "Please raise your hand." } },
      { event: "page:reload", payload: undefined },
      { event: "page:redirect", payload: { url: "https://example.org/thanks" } },
    ]);
  }
  expect(other.received).toEqual([]);
});

test.each([
  [{ kind: "redirect", url: "javascript:alert(1)" }, "Redirects go to http:// or https:// addresses only"],
  [{ kind: "redirect", url: "ftp://example.org" }, "Redirects go to http:// or https:// addresses only"],
  [{ kind: "redirect", url: "not a url" }, "Redirects go to http:// or https:// addresses only"],
  [{ kind: "message", text: "   " }, "The message is empty"],
  [{ kind: "shout" }, "Invalid discriminator value"],
])("%j is refused with a clear message", async (signal, message) => {
  const s = await players(1);
  const tab = await connect(s.urls[0]!);
  const error = await signalPlayers(db, s.name, [s.players[0]!.name], signal as never).catch((e) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  expect(error.message).toContain(message);
  await new Promise((r) => setTimeout(r, 100));
  expect(tab.received).toEqual([]);
});

test("unknown players and an empty selection are refused", async () => {
  const s = await players(1);
  await expect(signalPlayers(db, s.name, ["nobody"], { kind: "reload" })).rejects.toThrow(NotFoundError);
  await expect(signalPlayers(db, "no-session", [s.players[0]!.name], { kind: "reload" })).rejects.toThrow('No player "');
  await expect(signalPlayers(db, s.name, [], { kind: "reload" })).rejects.toThrow("Choose at least one player");
});

test("presence: connecting writes lastSeen so any instance can read who is online", async () => {
  const s = await players(1);
  const before = await db.player.findFirstOrThrow({ where: { sessionId: s.id } });
  expect(before.lastSeen).toBeNull();
  const tab = await connect(s.urls[0]!);
  await eventually(async () => (await db.player.findFirstOrThrow({ where: { sessionId: s.id } })).lastSeen !== null, 3000);
  tab.close();
});

test("session.formGroup groups players in the given order, in the field log too", async () => {
  const s = await players(3);
  const session = await db.session.findUniqueOrThrow({ where: { id: s.id } });
  await db.$transaction(async (tx) => {
    const buffer = new WriteBuffer();
    const api = sessionApi({ db: tx, buffer, provenance: { byKind: "hook", hook: "test" }, context: { app: "basics" } }, session);
    const all = await api.players();
    const group = await api.formGroup([all[2]!, all[0]!]);
    expect((await group.players()).map((p) => p.name)).toEqual([s.players[2]!.name, s.players[0]!.name]);
    await expect(api.formGroup([all[1]!, all[1]!])).rejects.toThrow("formGroup takes distinct players of this session");
    await buffer.flush(tx);
  });
  const grouped = await db.player.findMany({ where: { sessionId: s.id, groupId: { not: null } }, orderBy: { memberIndex: "asc" } });
  expect(grouped.map((p) => [p.name, p.memberIndex])).toEqual([[s.players[2]!.name, 0], [s.players[0]!.name, 1]]);
  expect(await db.fieldWrite.count({ where: { sessionId: s.id, key: "memberIndex" } })).toBe(2);
});
