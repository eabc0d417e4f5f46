import Papa from "papaparse";
import { latestAudit } from "@/lib/store/audit";
import { api, newToken } from "../../helpers/api";
import { connectParticipant, eventually } from "../../helpers/sockets";
import { startServer, type RunningServer } from "../../helpers/server";

// The admin chat's API operations: write to players, switch replies, read the inbox and a
// thread, mark it read; the messages come out in chat.csv.

let server: RunningServer;
let token: string;
let readToken: string;
let names: string[];
let links: string[];
const S = "chatting";
beforeAll(async () => {
  server = await startServer();
  token = await newToken(server, "full", "notebook");
  readToken = await newToken(server, "read");
  const made = await api(server, token, "POST", "/sessions/", { config: "basics", players: 3, name: S });
  names = made.body.links.players.map((p: { name: string }) => p.name);
  links = made.body.links.players.map((p: { url: string }) => p.url);
});
afterAll(() => server?.stop());

const call = (method: string, path: string, body?: unknown, t = token) => api(server, t, method, `/sessions/${S}/chat${path}`, body);

test("a broadcast reaches each player's tab, is audited as the token, and the inbox lists a thread per player", async () => {
  const tab = await connectParticipant(server.url, links[0]!);
  try {
    const sent = await call("POST", "/", { players: [names[0], names[1]], text: "Welcome!" });
    expect(sent).toMatchObject({ status: 200, body: { changed: 2, message: "Sent the chat message to 2 players." } });
    await eventually(() => tab.received.some((r) => r.event === "chat:message"));
    expect(tab.received.find((r) => r.event === "chat:message")!.payload).toMatchObject({ from: "admin", name: "token:notebook", text: "Welcome!" });
  } finally {
    tab.close();
  }
  const [audit] = await latestAudit(server.db, { session: S });
  expect(audit).toMatchObject({ admin: "token:notebook", action: "players.chat", detail: { text: "Welcome!", players: [names[0], names[1]] } });
  const inbox = await call("GET", "/", undefined, readToken);
  expect(inbox.status).toBe(200);
  expect(inbox.body.threads.map((t: { player: string; unread: number; repliesAllowed: boolean }) => [t.player, t.unread, t.repliesAllowed]).sort()).toEqual([
    [names[0], 0, false],
    [names[1], 0, false],
  ].sort());
});

test("replies switched on let the player answer; the thread shows it unread until marked read", async () => {
  expect((await call("POST", "/replies/", { players: [names[0]], allowed: true })).body).toEqual({ changed: 1, message: "Allowed replies for 1 player." });
  const tab = await connectParticipant(server.url, links[0]!);
  try {
    const history = await tab.emitWithAck("chat:history", {});
    const thread = history.ok ? history.threads[0]! : null;
    expect(thread?.canWrite).toBe(true);
    expect((await tab.emitWithAck("chat:send", { thread: thread!.id, text: "Thanks" })).ok).toBe(true);
  } finally {
    tab.close();
  }
  const one = await call("GET", `/threads/${names[0]}/`, undefined, readToken);
  expect(one).toMatchObject({ status: 200, body: { repliesAllowed: true } });
  expect(one.body.messages.map((m: { from: string; text: string }) => [m.from, m.text])).toEqual([["admin", "Welcome!"], ["participant", "Thanks"]]);
  expect((await call("GET", "/")).body.threads.find((t: { player: string }) => t.player === names[0]).unread).toBe(1);
  expect((await call("POST", `/threads/${names[0]}/read/`)).body).toEqual({ unread: 0 });
  expect((await call("GET", "/")).body.threads.find((t: { player: string }) => t.player === names[0]).unread).toBe(0);
});

test("a player without a thread has an empty one; unknown sessions and players are 404, bad bodies 422, read tokens 403", async () => {
  expect((await call("GET", `/threads/${names[2]}/`)).body).toEqual({ repliesAllowed: false, messages: [] });
  expect((await call("GET", `/threads/nobody/`)).status).toBe(404);
  expect((await api(server, token, "GET", "/sessions/ghost/chat/")).status).toBe(404);
  expect((await call("POST", "/", { players: ["nobody"], text: "hi" })).status).toBe(404);
  for (const body of [{ players: [names[0]], text: "" }, { players: [], text: "x" }, { players: [names[0]] }, { players: [names[0]], text: "x".repeat(2001) }, { players: [names[0]], allowed: "yes" }]) {
    expect((await call("POST", "/", body)).status).toBe(422);
  }
  expect((await call("POST", "/replies/", { players: [names[0]], allowed: "yes" })).status).toBe(422);
  expect((await call("POST", "/", { players: [names[0]], text: "x" }, readToken)).status).toBe(403);
  expect((await call("POST", `/threads/${names[0]}/read/`, undefined, readToken)).status).toBe(403);
});

test("chat.csv has every message: session, thread, player, who wrote it, when, what", async () => {
  const res = await fetch(`${server.url}/admin/api/v1/sessions/${S}/data/export/chat.csv`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const rows = Papa.parse<Record<string, string>>((await res.text()).trim(), { header: true }).data;
  expect(rows.map((r) => [r.session, r.player, r.from, r.sender, r.text])).toEqual([
    [S, names[0], "admin", "token:notebook", "Welcome!"],
    [S, names[1], "admin", "token:notebook", "Welcome!"],
    [S, names[0], "participant", names[0], "Thanks"],
  ]);
  expect(rows.every((r) => !Number.isNaN(Date.parse(r.at!)) && r.kind === "admin" && Number(r.thread) > 0)).toBe(true);
});
