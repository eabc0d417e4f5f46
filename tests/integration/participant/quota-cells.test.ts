import { markDropouts } from "@/lib/engine/admin/player-actions";
import { createRoom } from "@/lib/engine/rooms/rooms";
import Papa from "papaparse";
import { latestAudit } from "@/lib/store/audit";
import { api, newToken } from "../../helpers/api";
import { sessionPlaces } from "@/lib/data/places";
import { postForm, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// Conditions of a named between() ("arms": red, green, blue, one page each) assigned to the
// least-filled condition, quotas per condition ("arms_quota": 2 each) and per entry parameter
// ("sex_quota": 3 places for ?sex=F), and a room's own rules ("fixture_recruit").

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

const absolute = (location: string) => new URL(location, server.url).toString();
const pnameOf = (location: string | null) => location!.split("/")[3]!;

/** Each player's condition ("arm" field) by player name. */
async function armsOf(sessionId: number): Promise<Map<string, string>> {
  const [players, values] = await Promise.all([
    server.db.player.findMany({ where: { sessionId }, select: { id: true, name: true } }),
    server.db.fieldValue.findMany({ where: { sessionId, ownerKind: "player", key: "arm" } }),
  ]);
  const names = new Map(players.map((p) => [p.id, p.name]));
  return new Map(values.map((v) => [names.get(v.ownerId)!, JSON.parse(v.value!) as string]));
}

const tally = (arms: Iterable<string>) => {
  const counts: Record<string, number> = { red: 0, green: 0, blue: 0 };
  for (const a of arms) counts[a]!++;
  return counts;
};

const arrive = (link: string, n: number) => Promise.all(Array.from({ length: n }, () => fetch(link, { method: "POST", redirect: "manual" })));

test("30 arriving at once over 3 conditions: 10 in each, and each player's pages are their condition's", async () => {
  const s = await newSession(server, "arms", 30);
  const answers = await arrive(`${server.url}/s/${s.name}/${s.secret}/`, 30);
  expect(answers.map((a) => a.status)).toEqual(Array(30).fill(303));
  const arms = await armsOf(s.id);
  expect(arms.size).toBe(30);
  expect(tally(arms.values())).toEqual({ red: 10, green: 10, blue: 10 });
  // The wide export has each player's condition as a column.
  const wide = await api(server, await newToken(server, "read"), "GET", `/sessions/${s.name}/data/export/wide.csv`);
  const rows = Papa.parse<Record<string, string>>(wide.body as string, { header: true, skipEmptyLines: true }).data;
  const column = Object.keys(rows[0]!).find((k) => k === "arm" || k.endsWith(".arm"))!;
  expect(tally(rows.map((r) => r[column]!))).toEqual({ red: 10, green: 10, blue: 10 });
  // Starting shows the page of their own condition.
  const some = answers.slice(0, 6).map((a) => a.headers.get("location")!);
  await Promise.all(some.map((l) => postForm(absolute(l), { _position: -1 })));
  for (const l of some) {
    const p = await server.db.player.findFirstOrThrow({ where: { name: pnameOf(l) } });
    const page = { red: "arms/Red", green: "arms/Green", blue: "arms/Blue" }[arms.get(p.name)!];
    expect(JSON.parse(p.pageOrder)).toEqual([page]);
  }
});

test("player links started at once spread evenly too (difference at most 1)", async () => {
  const s = await newSession(server, "arms", 14);
  const starts = await Promise.all(s.urls.map((u) => postForm(u, { _position: -1 })));
  expect(starts.map((r) => r.status)).toEqual(Array(14).fill(303));
  const counts = Object.values(tally((await armsOf(s.id)).values()));
  expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  expect(counts.reduce((a, b) => a + b)).toBe(14);
});

test("quotas per condition: 8 arriving at once, 6 get in (2 per condition), 2 find the study full; a dropout frees a place in their condition only", async () => {
  const s = await newSession(server, "arms_quota", 10);
  const link = `${server.url}/s/${s.name}/${s.secret}/`;
  const answers = await arrive(link, 8);
  expect(answers.filter((a) => a.status === 303)).toHaveLength(6);
  const full = answers.filter((a) => a.status === 423);
  expect(full).toHaveLength(2);
  expect(text(await full[0]!.text())).toContain("No places left");
  const arms = await armsOf(s.id);
  expect(tally(arms.values())).toEqual({ red: 2, green: 2, blue: 2 });
  // The session page's Places card reads the same.
  expect(await sessionPlaces(server.db, { id: s.id, config: "arms_quota", room: null })).toEqual([
    { attribute: "all", kind: "total", value: "", limit: null, taken: 6, completed: 0 },
    ...["red", "green", "blue"].map((value) => ({ attribute: "arm", kind: "condition", value, limit: 2, taken: 2, completed: 0 })),
  ]);
  const greenOne = [...arms].find(([, arm]) => arm === "green")![0];
  await markDropouts(server.db, "admin", s.name, [greenOne]);
  const more = await arrive(link, 2);
  expect(more.map((a) => a.status).sort()).toEqual([303, 423]);
  const newcomer = pnameOf(more.find((a) => a.status === 303)!.headers.get("location"));
  expect((await armsOf(s.id)).get(newcomer)).toBe("green");
});

test("quotas per entry parameter: 3 places for sex=F under 5 arriving at once; other values are not limited", async () => {
  const s = await newSession(server, "sex_quota", 10);
  const link = `${server.url}/s/${s.name}/${s.secret}/`;
  const women = await arrive(`${link}?sex=F`, 5);
  expect(women.map((a) => a.status).sort()).toEqual([303, 303, 303, 423, 423]);
  const men = await arrive(`${link}?sex=M`, 3);
  expect(men.map((a) => a.status)).toEqual([303, 303, 303]);
  // A screen-out or dropout frees an F place.
  await markDropouts(server.db, "admin", s.name, [pnameOf(women.find((a) => a.status === 303)!.headers.get("location"))]);
  expect((await arrive(`${link}?sex=F`, 1))[0]!.status).toBe(303);
});

test("a room's condition quotas met by completions close it; newcomers see the study is full", async () => {
  await createRoom(server.db, "admin", "arms-room", { config: "arms_quota", labels: null, capacity: null, open: true });
  const join = () => fetch(`${server.url}/room/arms-room/`, { method: "POST", redirect: "manual", body: new URLSearchParams({ label: "" }) });
  const joined = await Promise.all(Array.from({ length: 7 }, join));
  const inside = joined.filter((a) => a.status === 303 && a.headers.get("location")!.startsWith("/p/")).map((a) => absolute(a.headers.get("location")!));
  expect(inside).toHaveLength(6);
  expect(joined.filter((a) => a.status === 423)).toHaveLength(1);
  await Promise.all(
    inside.map(async (url) => {
      expect((await postForm(url, { _position: -1 })).status).toBe(303);
      expect((await postForm(url, { _position: 0, rating: 4 })).status).toBe(303);
    }),
  );
  const session = await server.db.session.findUniqueOrThrow({ where: { room: "arms-room" } });
  expect(await server.db.player.count({ where: { sessionId: session.id, outcome: "completed" } })).toBe(6);
  expect((await server.db.room.findUniqueOrThrow({ where: { name: "arms-room" } })).open).toBe(false);
  const closes = (await latestAudit(server.db, { session: session.name })).filter((a) => a.action === "room.close");
  expect(closes.map((a) => a.detail)).toEqual([{ room: "arms-room", reason: "quotas of every condition of arm met" }]);
  const late = await join();
  expect([late.status, text(await late.text())]).toEqual([423, expect.stringContaining("No places left")]);
});

test("a room's own entry parameters and quota replace its config's", async () => {
  const room = `${server.url}/room/fixture_recruit/`;
  const enter = (query: string) => fetch(`${room}${query}`, { method: "POST", redirect: "manual", body: new URLSearchParams({ label: "" }) });
  // The room requires PROLIFIC_PID (its config does not).
  const bare = await enter("");
  expect([bare.status, text(await bare.text())]).toEqual([400, expect.stringContaining("PROLIFIC_PID")]);
  const first = await enter("?PROLIFIC_PID=p1&sex=F");
  expect(first.status).toBe(303);
  const player = await server.db.player.findFirstOrThrow({ where: { name: pnameOf(first.headers.get("location")) } });
  expect(JSON.parse(player.entryParams!)).toEqual({ PROLIFIC_PID: "p1", sex: "F" });
  // Its quota is 2 in all (the config's 3 places for F do not count here).
  expect((await enter("?PROLIFIC_PID=p2&sex=M")).status).toBe(303);
  const third = await enter("?PROLIFIC_PID=p3&sex=M");
  expect([third.status, text(await third.text())]).toEqual([423, expect.stringContaining("No places left")]);
});

/** A radio field posts its choice's index. */
const [FEMALE, MALE] = ["0", "1"];

test("quotas per answer of a field: of 4 answering female at once, 2 go on and 2 are screened out (quota full); other answers go on", async () => {
  const s = await newSession(server, "gender_quota", 5);
  await Promise.all(s.urls.map((u) => postForm(u, { _position: -1 })));
  const answers = await Promise.all(s.urls.slice(0, 4).map((u) => postForm(u, { _position: 0, gender: FEMALE })));
  expect(answers.map((a) => a.status)).toEqual([303, 303, 303, 303]);
  const players = await server.db.player.findMany({ where: { sessionId: s.id }, orderBy: { index: "asc" } });
  const women = players.slice(0, 4);
  expect(women.filter((p) => p.outcome === null && p.position === 1)).toHaveLength(2);
  const out = women.filter((p) => p.outcome === "screenedOut");
  expect(out).toHaveLength(2);
  expect(out.every((p) => p.position === 2)).toBe(true);
  const reasons = await server.db.fieldValue.findMany({ where: { sessionId: s.id, key: "screenedOut" } });
  expect(reasons.map((r) => JSON.parse(r.value!))).toEqual(["quota full: gender = female", "quota full: gender = female"]);
  // The screened-out end page shows the screen-out code.
  expect(text(await (await fetch(s.urls[players.indexOf(out[0]!)]!)).text())).toContain("FULL");
  // Another answer is not limited.
  await postForm(s.urls[4]!, { _position: 0, gender: MALE });
  expect(await server.db.player.findUniqueOrThrow({ where: { id: players[4]!.id } })).toMatchObject({ outcome: null, position: 1 });
});
