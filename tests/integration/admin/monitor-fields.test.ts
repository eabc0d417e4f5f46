import type { MonitorRow } from "@/lib/data/monitor";
import { monitorFieldChoices, monitorRows } from "@/lib/data/monitor";
import { setMonitorFields } from "@/lib/engine/admin/monitor-fields";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { latestAudit } from "@/lib/store/audit";
import { connectAdmin, signInAutomatically, type AdminSocket } from "../../helpers/admin";
import { errorOf } from "../../helpers/errors";
import { postForm, submitCurrent } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { connectParticipant, eventually, type ParticipantSocket } from "../../helpers/sockets";

// The monitor's field columns: chosen per session (stored, audited), carried in every row the
// monitor gets (snapshot and deltas), and live for answers and for live methods' writes.

let server: RunningServer;
let admin: AdminSocket;
const sockets: ParticipantSocket[] = [];
beforeAll(async () => {
  server = await startServer();
  admin = await connectAdmin(server, await signInAutomatically(server));
});
afterAll(async () => {
  admin?.close();
  for (const s of sockets) s.close();
  await server?.stop();
});

/** The monitor's rows as a watching admin tab receives them: the snapshot, then every delta. */
async function watch(sname: string) {
  const rows = new Map<string, MonitorRow>();
  const ack = (await admin.emitWithAck("monitor:watch", { sname })) as { ok: boolean; rows: MonitorRow[] };
  for (const r of ack.rows) rows.set(r.name, r);
  admin.on("monitor:delta", ({ rows: changed }: { rows: MonitorRow[] }) => {
    for (const r of changed) rows.set(r.name, r);
  });
  return rows;
}

test("chosen fields come with every row, null until written, and follow answers live", async () => {
  const s = await newSession(server, "basics", 2);
  const [a, b] = s.players.map((p) => p.name);
  expect((await monitorRows(server.db, { sessionId: s.id }))[0]!.fields).toEqual({});
  const result = await setMonitorFields(server.db, "alice", s.name, ["nickname", "age", "nickname"]);
  expect(result).toEqual({ fields: ["nickname", "age"], message: "The monitor shows nickname, age." });
  const [audit] = await latestAudit(server.db, { session: s.name });
  expect(audit).toMatchObject({ admin: "alice", action: "session.monitorFields", detail: { fields: ["nickname", "age"] } });
  const rows = await watch(s.name);
  expect(rows.get(a!)!.fields).toEqual({ nickname: null, age: null });
  await submitCurrent(s.urls[0]!);
  await submitCurrent(s.urls[0]!, { nickname: "Ann", age: 41, likes: "1" });
  await eventually(() => rows.get(a!)!.fields.nickname === "Ann");
  expect(rows.get(a!)!.fields).toEqual({ nickname: "Ann", age: 41 });
  expect(rows.get(b!)!.fields).toEqual({ nickname: null, age: null });
  // Removing them all: rows carry none.
  await setMonitorFields(server.db, "alice", s.name, []);
  expect((await monitorRows(server.db, { sessionId: s.id }))[0]!.fields).toEqual({});
});

test("a live method's write shows in the monitor without a page move", async () => {
  const s = await newSession(server, "pairs", 2);
  await Promise.all(s.urls.map((u) => postForm(u, { _position: -1 })));
  const socket = await connectParticipant(server.url, s.urls[0]!);
  sockets.push(socket);
  await setMonitorFields(server.db, "alice", s.name, ["note"]);
  const rows = await watch(s.name);
  expect(rows.get(s.players[0]!.name)!.fields).toEqual({ note: null });
  expect(await socket.emitWithAck("live:call", { position: 1, method: "note", args: { text: "hi there" } })).toMatchObject({ ok: true });
  await eventually(() => rows.get(s.players[0]!.name)!.fields.note === "hi there");
});

test("the choices: every field the config's pages ask for and every player field written, without Sprout's own", async () => {
  const s = await newSession(server, "basics", 1);
  await submitCurrent(s.urls[0]!);
  const choices = await monitorFieldChoices(server.db, s.id, ["basics", "finale"]);
  // Asked for by the pages (nickname, age, likes, comment, rating) and written by newPlayer (playerInits, greeting).
  expect(choices).toEqual(["age", "comment", "greeting", "likes", "nickname", "playerInits", "rating"]);
});

test.each([
  ["not a list", "nickname", "Give the fields as a list of names"],
  ["a number in the list", ["a", 2], "A field name is text"],
  ["an empty name", [" "], "A field name is empty"],
  ["a long name", ["x".repeat(101)], "A field name has at most 100 characters"],
  ["21 fields", Array.from({ length: 21 }, (_, i) => `f${i}`), "At most 20 field columns"],
])("%s is refused and nothing is stored", async (_what, fields, message) => {
  const s = await newSession(server, "basics", 1);
  await setMonitorFields(server.db, "alice", s.name, ["age"]);
  const audits = await server.db.auditEntry.count();
  const error = await errorOf(() => setMonitorFields(server.db, "alice", s.name, fields));
  expect([error instanceof InvalidInputError, (error as Error).message]).toEqual([true, message]);
  expect((await server.db.session.findUniqueOrThrow({ where: { id: s.id } })).monitorFields).toBe('["age"]');
  expect(await server.db.auditEntry.count()).toBe(audits);
});

test("an unknown session is a 404", async () => {
  expect(await errorOf(() => setMonitorFields(server.db, "alice", "ghost", ["a"]))).toBeInstanceOf(NotFoundError);
});
