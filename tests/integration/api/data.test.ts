import { createDb } from "@/lib/store/db";
import { recordWrites } from "@/lib/store/field-log";
import { api, newToken } from "../../helpers/api";
import { TEST_ENGINE } from "../../helpers/engine";
import { startServer, type RunningServer } from "../../helpers/server";
import { submitCurrent } from "../../helpers/participant";
import { newSession } from "../../helpers/sessions";
import { setSessionSettings } from "@/lib/engine/admin/session-controls";

let server: RunningServer;
let token: string;
beforeAll(async () => {
  server = await startServer();
  token = await newToken(server, "read", "nightly");
});
afterAll(() => server?.stop());

const pull = (sname: string, query = "") => api(server, token, "GET", `/sessions/${sname}/data/${query}`);
const keysOf = (entries: { key: string }[]) => entries.map((e) => e.key);

/** Pulls until `more` is false, from `since`; returns every entry and the last cursor. */
async function pullAll(sname: string, since = "0", limit = 1000) {
  const entries: { seq: number; key: string }[] = [];
  for (;;) {
    const res = await pull(sname, `?since=${encodeURIComponent(since)}&limit=${limit}`);
    expect(res.status).toBe(200);
    entries.push(...res.body.entries);
    since = res.body.cursor;
    if (!res.body.more) return { entries, cursor: since };
  }
}

test("pulls return every write once, in seq order, page by page, with provenance", async () => {
  const s = await newSession(server, "basics", 2);
  const owner = { kind: "session" as const, id: s.id, sessionId: s.id };
  await server.db.$transaction((tx) => recordWrites(tx, ["a", "b", "c"].map((key) => ({ owner, key, value: { key }, context: {}, provenance: { byKind: "system" as const } }))));
  const all = await pullAll(s.name, "0", 2);
  const seqs = all.entries.map((e) => e.seq);
  expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
  expect(keysOf(all.entries).slice(-3)).toEqual(["a", "b", "c"]);
  const first = (await pull(s.name)).body.entries[0];
  expect(first).toMatchObject({ ownerKind: "session", owner: s.name, byKind: "system", deleted: false, at: expect.any(String) });
  // Nothing new: the same cursor comes back, with no rows.
  const again = await pull(s.name, `?since=${encodeURIComponent(all.cursor)}`);
  expect(again.body).toEqual({ entries: [], cursor: all.cursor, more: false });
  await server.db.$transaction((tx) => recordWrites(tx, [{ owner, key: "d", value: undefined, context: {}, provenance: { byKind: "system" as const } }]));
  const next = await pull(s.name, `?since=${encodeURIComponent(all.cursor)}`);
  expect(next.body.entries).toEqual([expect.objectContaining({ key: "d", value: null, deleted: true })]);
});

test.each([
  ["since=abc", "since"],
  ["since=1.2", "since"],
  ["limit=0", "limit"],
  ["limit=many", "limit"],
  ["limit=10001", "limit"],
  ["colour=red", "colour"],
])("?%s is a 422 naming %s", async (query, field) => {
  const s = await newSession(server, "basics", 1);
  const res = await pull(s.name, `?${query}`);
  expect(res.status).toBe(422);
  expect(res.body.fields).toHaveProperty([field]);
});

test("every export the session page offers downloads, with its type; an unknown session is 404, an unknown format 422", async () => {
  const s = await newSession(server, "basics", 2);
  for (const [format, type] of [["wide.csv", "text/csv"], ["long.csv", "text/csv"], ["log.jsonl", "application/x-ndjson"], ["page-times.csv", "text/csv"], ["chat.csv", "text/csv"]]) {
    const res = await fetch(`${server.url}/admin/api/v1/sessions/${s.name}/data/export/${format}`, { headers: { authorization: `Bearer ${token}` } });
    expect([format, res.status, res.headers.get("content-type")]).toEqual([format, 200, expect.stringContaining(type!)]);
    expect(res.headers.get("content-disposition")).toContain(s.name);
    expect((await res.text()).length).toBeGreaterThan(0);
  }
  expect((await api(server, token, "GET", "/sessions/ghost/data/export/wide.csv")).status).toBe(404);
  expect((await api(server, token, "GET", `/sessions/${s.name}/data/export/wide.xlsx`)).status).toBe(422);
  expect((await pull("ghost")).status).toBe(404);
});

/** A basics session whose first player went through to the end. */
async function playedSession() {
  const s = await newSession(server, "basics", 2);
  await submitCurrent(s.urls[0]!);
  await submitCurrent(s.urls[0]!, { nickname: "ann", age: 30, likes: "1" });
  await submitCurrent(s.urls[0]!);
  await submitCurrent(s.urls[0]!, { rating: 4 });
  return s;
}

test("page times: each visit with its times, in order, page by page, for one player or all", async () => {
  const s = await playedSession();
  await submitCurrent(s.urls[1]!);
  const all = await api(server, token, "GET", `/sessions/${s.name}/data/page-times/`);
  expect(all.status).toBe(200);
  const first = s.players[0]!.name;
  const mine = all.body.visits.filter((v: { player: string }) => v.player === first);
  expect(mine.map((v: { page: string }) => v.page)).toEqual(["basics/Intro", "basics/Middle", "finale/Rate"]);
  expect(mine[0]).toMatchObject({ position: 0, app: "basics", leftHow: "submit", entered: expect.any(String), left: expect.any(String), seconds: expect.any(Number) });
  // The second player's empty form was refused: they are still on their first page.
  expect(all.body.visits.filter((v: { player: string }) => v.player === s.players[1]!.name)).toEqual([
    expect.objectContaining({ page: "basics/Intro", left: null, seconds: null, leftHow: null }),
  ]);
  expect(all.body.next).toBeNull();
  const ids = all.body.visits.map((v: { id: number }) => v.id);
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  // One player's; two at a time, following `next` until it is null, gives the same visits.
  const one = await api(server, token, "GET", `/sessions/${s.name}/data/page-times/?player=${first}`);
  expect(one.body.visits).toEqual(mine);
  const paged: unknown[] = [];
  for (let after = 0; ; ) {
    const res = await api(server, token, "GET", `/sessions/${s.name}/data/page-times/?limit=2&after=${after}`);
    paged.push(...res.body.visits);
    if (res.body.next === null) break;
    after = res.body.next;
  }
  expect(paged).toEqual(all.body.visits);
});

test.each([
  ["after=-1", "after", "after is at least 0"],
  ["after=x", "after", "after is a whole number"],
  ["limit=0", "limit", "limit is at least 1"],
  ["limit=1.5", "limit", "limit is a whole number"],
  ["limit=10001", "limit", "limit is at most 10000"],
  ["player=", "player", expect.any(String)],
  ["colour=red", "colour", expect.any(String)],
])("page times ?%s is a 422 naming %s", async (query, field, message) => {
  const s = await newSession(server, "basics", 1);
  const res = await api(server, token, "GET", `/sessions/${s.name}/data/page-times/?${query}`);
  expect([res.status, res.body.fields?.[field]]).toEqual([422, message]);
});

test("page times: an unknown session or player is 404", async () => {
  const s = await newSession(server, "basics", 1);
  expect((await api(server, token, "GET", "/sessions/ghost/data/page-times/")).status).toBe(404);
  const res = await api(server, token, "GET", `/sessions/${s.name}/data/page-times/?player=ghost`);
  expect([res.status, res.body.error]).toEqual([404, `Session "${s.name}" has no player "ghost"`]);
});

test("the digest: each app's summary as HTML, a failing digest as its error, an unknown session 404", async () => {
  const s = await playedSession();
  const res = await api(server, token, "GET", `/sessions/${s.name}/digest/`);
  expect(res.status).toBe(200);
  expect(res.body.digests).toEqual([{ app: "finale", html: expect.stringContaining(`<tr><td>${s.players[0]!.name}</td><td>4</td></tr>`), error: null }]);
  expect(res.body.digests[0].html).toMatch(/^<table><thead><tr><th>Player<\/th><th>Rating<\/th><\/tr><\/thead>/);
  await setSessionSettings(server.db, "alice", s.name, { failDigest: true });
  const failing = await api(server, token, "GET", `/sessions/${s.name}/digest/`);
  expect(failing.body.digests).toEqual([{ app: "finale", html: null, error: "digest refused by the fixture" }]);
  expect((await api(server, token, "GET", "/sessions/ghost/digest/")).status).toBe(404);
  // Sessions whose apps have no digest list none.
  const hooks = await newSession(server, "hooks");
  expect((await api(server, token, "GET", `/sessions/${hooks.name}/digest/`)).body).toEqual({ digests: [] });
});

// On PostgreSQL a lower seq can commit after a higher one: an incremental pull must not step
// past it. A transaction takes its seq (one row plain, one inside a savepoint, as wait pages
// write) and stays open across a pull that returns later rows; the next pull returns its rows.
const onPostgres = TEST_ENGINE === "postgresql" ? test : test.skip;

onPostgres("a row committed late (lower seq, committed after a pull returned higher ones) comes in the next pull", async () => {
  const s = await newSession(server, "basics", 1);
  const other = createDb(server.databaseUrl);
  const owner = { kind: "session" as const, id: s.id, sessionId: s.id };
  const write = (key: string) => ({ owner, key, value: key, context: {}, provenance: { byKind: "system" as const } });
  const start = await pullAll(s.name);

  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let written!: () => void;
  const hasSeq = new Promise<void>((r) => (written = r));
  const late = other.$transaction(
    async (tx) => {
      await recordWrites(tx, [write("late")]);
      await tx.$executeRawUnsafe("SAVEPOINT sp");
      await recordWrites(tx, [write("late-in-savepoint")]);
      await tx.$executeRawUnsafe("RELEASE SAVEPOINT sp");
      written();
      await gate;
    },
    { timeout: 60_000 },
  );
  await hasSeq;
  for (const key of ["after1", "after2"]) await server.db.$transaction((tx) => recordWrites(tx, [write(key)]));

  const first = await pull(s.name, `?since=${encodeURIComponent(start.cursor)}`);
  expect(keysOf(first.body.entries)).toEqual(["after1", "after2"]);
  release();
  await late;
  const second = await pull(s.name, `?since=${encodeURIComponent(first.body.cursor)}`);
  expect(keysOf(second.body.entries)).toEqual(["late", "late-in-savepoint"]);
  // Once no transaction is open, the cursor forgets its gaps (the server's own background
  // transactions may hold it for a moment) and returns nothing twice.
  let cursor = second.body.cursor as string;
  for (let i = 0; i < 50 && !/^\d+$/.test(cursor); i++) {
    const next = await pull(s.name, `?since=${encodeURIComponent(cursor)}`);
    expect(next.body.entries).toEqual([]);
    cursor = next.body.cursor;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(cursor).toMatch(/^\d+$/);
  await other.$disconnect();
});

onPostgres("a transaction that rolls back leaves a gap the cursor forgets once nothing older runs; its rows never come", async () => {
  const s = await newSession(server, "basics", 1);
  const other = createDb(server.databaseUrl);
  const owner = { kind: "session" as const, id: s.id, sessionId: s.id };
  const write = (key: string) => ({ owner, key, value: key, context: {}, provenance: { byKind: "system" as const } });
  const start = await pullAll(s.name);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let written!: () => void;
  const hasSeq = new Promise<void>((r) => (written = r));
  const doomed = other
    .$transaction(
      async (tx) => {
        await recordWrites(tx, [write("rolled-back")]);
        written();
        await gate;
        throw new Error("roll back");
      },
      { timeout: 60_000 },
    )
    .catch(() => "rolled back");
  await hasSeq;
  await server.db.$transaction((tx) => recordWrites(tx, [write("kept")]));
  const first = await pull(s.name, `?since=${encodeURIComponent(start.cursor)}`);
  expect(keysOf(first.body.entries)).toEqual(["kept"]);
  expect(first.body.cursor).toContain("@"); // a gap is remembered while the transaction is open
  release();
  expect(await doomed).toBe("rolled back");
  let cursor = first.body.cursor as string;
  for (let i = 0; i < 50 && !/^\d+$/.test(cursor); i++) {
    const next = await pull(s.name, `?since=${encodeURIComponent(cursor)}`);
    expect(next.body.entries).toEqual([]);
    cursor = next.body.cursor;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(cursor).toMatch(/^\d+$/);
  await other.$disconnect();
});
