import { markDropouts } from "@/lib/engine/admin/player-actions";
import { createRoom } from "@/lib/engine/rooms/rooms";
import { latestAudit } from "@/lib/store/audit";
import { postForm, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// Quotas (the "quota50" config: 50 places, one page to finish), under simultaneous arrivals
// and finishers.

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

const absolute = (location: string) => new URL(location, server.url).toString();

/** Starts the participant and submits their one page (the rating). */
async function finish(url: string) {
  expect((await postForm(url, { _position: -1 })).status).toBe(303);
  expect((await postForm(url, { _position: 0, rating: 3 })).status).toBe(303);
}

test("60 arriving at once by the sessionwide link: exactly 50 get a place; a dropout frees one", async () => {
  const s = await newSession(server, "quota50", 60);
  const link = `${server.url}/s/${s.name}/${s.secret}/`;
  const answers = await Promise.all(Array.from({ length: 60 }, () => fetch(link, { method: "POST", redirect: "manual" })));
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses.filter((x) => x === 303)).toHaveLength(50);
  expect(statuses.filter((x) => x === 423)).toHaveLength(10);
  expect(text(await answers.find((a) => a.status === 423)!.text())).toContain("No places left");
  expect(await server.db.player.count({ where: { sessionId: s.id, started: true } })).toBe(50);
  // A dropout frees a place for one more, no more.
  const someone = answers.find((a) => a.status === 303)!.headers.get("location")!.split("/")[3]!;
  await markDropouts(server.db, "admin", s.name, [someone]);
  const more = await Promise.all([0, 1].map(() => fetch(link, { method: "POST", redirect: "manual" })));
  expect(more.map((a) => a.status).sort()).toEqual([303, 423]);
});

test("50 finishing at once in a room: exactly 50 completions, the room closes itself, newcomers see the study is full; nobody in progress is turned away", async () => {
  await createRoom(server.db, "admin", "quota-room", { config: "quota50", labels: null, capacity: null, open: true });
  const join = () => fetch(`${server.url}/room/quota-room/`, { method: "POST", redirect: "manual", body: new URLSearchParams({ label: "" }) });
  const joined = await Promise.all(Array.from({ length: 55 }, join));
  const inside = joined.filter((a) => a.status === 303 && a.headers.get("location")!.startsWith("/p/")).map((a) => absolute(a.headers.get("location")!));
  expect(inside).toHaveLength(50);
  expect(joined.filter((a) => a.status === 423)).toHaveLength(5);
  // One of them comes back (their browser's cookie): still in, though every place is held.
  const first = joined.find((a) => a.status === 303)!;
  const back = await fetch(`${server.url}/room/quota-room/`, { method: "POST", redirect: "manual", body: new URLSearchParams({ label: "" }), headers: { cookie: first.headers.get("set-cookie")!.split(";")[0]! } });
  expect([back.status, back.headers.get("location")]).toEqual([303, first.headers.get("location")]);

  expect((await server.db.room.findUniqueOrThrow({ where: { name: "quota-room" } })).open).toBe(true);
  await Promise.all(inside.map(finish));
  const session = await server.db.session.findUniqueOrThrow({ where: { room: "quota-room" } });
  expect(await server.db.player.count({ where: { sessionId: session.id, outcome: "completed" } })).toBe(50);
  expect((await server.db.room.findUniqueOrThrow({ where: { name: "quota-room" } })).open).toBe(false);
  const closes = (await latestAudit(server.db, { session: session.name })).filter((a) => a.action === "room.close");
  expect(closes.map((a) => [a.admin, a.detail])).toEqual([["system", { room: "quota-room", reason: "quota of 50 met" }]]);
  const late = await join();
  expect([late.status, text(await late.text())]).toEqual([423, expect.stringContaining("No places left")]);
});
