import { playBot } from "@/lib/bots/bot";
import { markDropouts } from "@/lib/engine/admin/player-actions";
import { setSessionActive } from "@/lib/engine/admin/session-controls";
import { api, newToken } from "../../helpers/api";
import { postForm, submitCurrent } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

let server: RunningServer;
let token: string;
beforeAll(async () => {
  server = await startServer();
  token = await newToken(server, "read", "notebook");
});
afterAll(() => server?.stop());

const get = (path: string) => api(server, token, "GET", path);

/** What viewing must leave alone: positions, starts, last seen, page visits, presence, writes. */
async function footprint(sessionId: number) {
  const [players, visits, connections, writes] = await Promise.all([
    server.db.player.findMany({ where: { sessionId }, orderBy: { id: "asc" }, select: { position: true, started: true, initialized: true, lastSeen: true } }),
    server.db.pageVisit.count({ where: { sessionId } }),
    server.db.connection.count(),
    server.db.fieldWrite.count(),
  ]);
  return { players, visits, connections, writes };
}

test("progress: the funnel follows players from not started through each page to the end, dropouts apart, with arrivals and finishes over time", async () => {
  const s = await newSession(server, "basics", 4);
  const empty = await get(`/sessions/${s.name}/progress/`);
  expect(empty).toMatchObject({ status: 200, body: { players: 4, notStarted: 4, finished: 0, dropouts: 0, steps: [], timeline: [] } });

  await playBot({ url: s.urls[0]! });
  await submitCurrent(s.urls[1]!); // started: on basics/Intro
  await submitCurrent(s.urls[2]!);
  await markDropouts(server.db, "test", s.name, [s.players[2]!.name]);
  const { body } = await get(`/sessions/${s.name}/progress/`);
  expect(body).toMatchObject({ players: 4, notStarted: 1, finished: 1, dropouts: 1 });
  expect(body.steps).toEqual([
    { position: 0, page: "basics/Intro", round: null, players: 1, dropouts: 1 },
    { position: 1, page: "basics/Middle", round: null, players: 0, dropouts: 0 },
    { position: 2, page: "finale/Rate", round: null, players: 0, dropouts: 0 },
  ]);
  expect(body.timeline[0]).toMatchObject({ started: 0, finished: 0 });
  expect(body.timeline.at(-1)).toMatchObject({ started: 3, finished: 1 });
  const times = body.timeline.map((p: { at: string }) => Date.parse(p.at));
  expect(times).toEqual([...times].sort((a, b) => a - b));

  expect((await get("/sessions/ghost/progress/")).status).toBe(404);
});

test("player views: each chosen player's page as data, and reading changes nothing", async () => {
  const s = await newSession(server, "basics", 3);
  const [a, b, c] = s.players.map((p) => p.name) as [string, string, string];
  await submitCurrent(s.urls[0]!);
  // An invalid submission: its input and messages are kept for the page.
  await postForm(s.urls[0]!, { _position: 0, nickname: "Al", age: "7", likes: "0" });
  await submitCurrent(s.urls[1]!);
  await submitCurrent(s.urls[1]!, { nickname: "Bo", age: 40, likes: "0" });
  const before = await footprint(s.id);

  const res = await get(`/sessions/${s.name}/players/view/?players=${a},${b}&players=${c}`);
  expect(res.status).toBe(200);
  const [va, vb, vc] = res.body.players;
  expect(va).toMatchObject({ name: a, state: "page", page: "basics/Intro", position: 0, round: null, remainingMs: null });
  expect(va.fields.find((f: { name: string }) => f.name === "age")).toEqual({ name: "age", label: "Age", stored: null, typed: "7", error: expect.stringMatching(/18/) });
  expect(vb).toMatchObject({ name: b, state: "page", page: "basics/Middle", position: 1, fields: [] });
  expect(vc).toMatchObject({ name: c, state: "start", page: null, position: null });
  expect(await footprint(s.id)).toEqual(before);

  // Paused: the page each player will be back on, not the Paused page they see.
  await setSessionActive(server.db, "test", s.name, false);
  expect((await get(`/sessions/${s.name}/players/view/?players=${b}`)).body.players[0]).toMatchObject({ state: "page", page: "basics/Middle" });
  await setSessionActive(server.db, "test", s.name, true);

  expect((await get(`/sessions/${s.name}/players/view/?players=${a},ghost`)).status).toBe(404);
  // Without players: the session's first ones (up to 12), in order.
  expect((await get(`/sessions/${s.name}/players/view/`)).body.players.map((p: { name: string }) => p.name)).toEqual([a, b, c]);
  expect((await get(`/sessions/${s.name}/players/view/?players=,`)).status).toBe(422);
  expect((await get("/sessions/ghost/players/view/")).status).toBe(404);
  const many = Array.from({ length: 13 }, (_, i) => `p${i}`).join(",");
  const tooMany = await get(`/sessions/${s.name}/players/view/?players=${many}`);
  expect(tooMany.status).toBe(422);
  expect(tooMany.body.fields).toHaveProperty(["players"]);
});
