import Papa from "papaparse";
import { chunkStream } from "@/lib/data/exports";
import { advancePlayers, setPlayerFields } from "@/lib/engine/admin/player-actions";
import { setSessionTesting } from "@/lib/engine/admin/session-controls";
import { recordWrites } from "@/lib/store/field-log";
import { signInAutomatically } from "../../helpers/admin";
import { postForm, submitCurrent } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { log } from "@/lib/log";

type Created = Awaited<ReturnType<typeof newSession>>;

let server: RunningServer;
let cookie: string;
/** basics, 2 players: the first plays to the end (the last page by an admin's advance), the second only gets an admin's fields */
let a: Created;
/** pairs, 2 players, grouped into g1 */
let b: Created;
/** basics, 1 player on its first page; marked as a test run */
let c: Created;

beforeAll(async () => {
  server = await startServer();
  cookie = await signInAutomatically(server);
  a = await newSession(server, "basics", 2);
  const a0 = a.urls[0];
  await submitCurrent(a0!);
  await submitCurrent(a0!, { nickname: "=1+1", age: "33", likes: "0", comment: 'a, "quoted" note' });
  await submitCurrent(a0!);
  await advancePlayers(server.db, "admin", a.name, [a.players[0]!.name]);
  await setPlayerFields(server.db, "admin", a.name, [a.players[1]!.name], { bonus: -2.5, note: "+SUM(1)" });
  // A deleted field (a tombstone): nobody deletes fields through the engine yet, the store can.
  const p0 = a.players[0]!;
  await server.db.$transaction((tx) =>
    recordWrites(tx, [{ owner: { kind: "player", id: p0.id, sessionId: a.id }, key: "playerInits", value: undefined, context: {}, provenance: { byKind: "system", byName: "test" } }]),
  );
  b = await newSession(server, "pairs", 2);
  for (const url of b.urls) await postForm(url, { _position: -1 });
  c = await newSession(server, "basics", 1);
  await submitCurrent(c.urls[0]!);
  await setSessionTesting(server.db, "admin", c.name, true);
});
afterAll(() => server?.stop());

const download = (path: string, headers: Record<string, string> = { cookie }) => fetch(`${server.url}${path}`, { headers, redirect: "manual" });

async function text(path: string): Promise<string> {
  const res = await download(path);
  expect(res.status).toBe(200);
  return res.text();
}

/** A CSV download as rows of cells, header included; fails on anything papaparse finds odd. */
async function csv(path: string): Promise<string[][]> {
  const body = await text(path);
  expect(body.endsWith("\r\n")).toBe(true);
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** A CSV download as objects keyed by the header. */
async function csvObjects(path: string): Promise<Record<string, string>[]> {
  const [header, ...rows] = await csv(path);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

const jsonl = async (path: string) =>
  (await text(path))
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const WIDE_FIXED = ["session", "player", "index", "label", "started", "position", "page", "dropout", "finished", "group", "memberIndex"];
const SESSION_COLUMNS = ["session.active", "session.apps", "session.codeVersion", "session.config", "session.description", "session.initialized", "session.sessionInits", "session.settings", "session.testing"];

describe("wide CSV", () => {
  test("one row per player: the Player columns, a column per field holding a value, session fields; strings as they are, the rest as JSON", async () => {
    const rows = await csv(`/admin/session/${a.name}/export/wide.csv`);
    // playerInits is gone: its only value was deleted. Structural fields shown by the fixed columns are not repeated.
    const fields = ["age", "app", "bonus", "comment", "greeting", "likes", "nickname", "note", "pageOrder"];
    expect(rows[0]).toEqual([...WIDE_FIXED, ...fields, ...SESSION_COLUMNS]);
    const code = (await server.db.session.findUniqueOrThrow({ where: { id: a.id } })).codeVersion!;
    const session = ["true", '["basics","finale"]', code, "basics", "", "true", "1", '{"greeting":"hello there"}', "false"];
    const order = '["basics/Intro","basics/Middle","finale/Rate"]';
    expect(rows.slice(1)).toEqual([
      // The first player is at the end (position 3: no page), the second never started.
      [a.name, a.players[0]!.name, "0", "", "true", "3", "", "false", "true", "", "", "33", "", "", 'a, "quoted" note', "hello there", "true", "'=1+1", "", order, ...session],
      [a.name, a.players[1]!.name, "1", "", "false", "-1", "", "false", "false", "", "", "", "", "-2.5", "", "", "", "", "'+SUM(1)", "", ...session],
    ]);
  });

  test("group fields come as group.<key>, with the group's name and the member index", async () => {
    const rows = await csvObjects(`/admin/session/${b.name}/export/wide.csv`);
    const players = await server.db.player.findMany({ where: { sessionId: b.id }, orderBy: { index: "asc" } });
    expect(rows.map((r) => [r.player, r.page, r.group, r.memberIndex, r.role, r["group.groupedRuns"]])).toEqual(
      players.map((p) => [p.name, "pairs/Decide", "g1", String(p.memberIndex), p.memberIndex === 0 ? "first" : "second", "1"]),
    );
  });
});

/** The field log of some sessions as the exports should show it, from the database through Prisma. */
async function expectedLog(sessionIds: number[]) {
  const writes = await server.db.fieldWrite.findMany({ where: { sessionId: { in: sessionIds } }, orderBy: { seq: "asc" } });
  const [sessions, players, groups] = await Promise.all([
    server.db.session.findMany({ where: { id: { in: sessionIds } } }),
    server.db.player.findMany({ where: { sessionId: { in: sessionIds } } }),
    server.db.group.findMany({ where: { sessionId: { in: sessionIds } } }),
  ]);
  const names = new Map<string, string>();
  for (const s of sessions) names.set(`session:${s.id}`, s.name);
  for (const p of players) names.set(`player:${p.id}`, p.name);
  for (const g of groups) names.set(`group:${g.id}`, g.name);
  const sessionName = new Map(sessions.map((s) => [s.id, s.name]));
  return writes.map((w) => ({
    seq: w.seq,
    at: w.at.toISOString(),
    session: sessionName.get(w.sessionId)!,
    ownerKind: w.ownerKind,
    owner: names.get(`${w.ownerKind}:${w.ownerId}`)!,
    key: w.key,
    value: w.value,
    app: w.app,
    position: w.position,
    round: w.round,
    byKind: w.byKind,
    byName: w.byName,
    page: w.page,
    hook: w.hook,
    codeLine: w.codeLine,
  }));
}

/** How a log row reads in CSV: every cell as text, nulls empty. */
const asCsv = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? "" : String(v)]));

describe("long CSV and JSONL: the field log", () => {
  test("every write in seq order with its context and provenance, the same in both formats", async () => {
    const expected = await expectedLog([a.id]);
    expect(expected.length).toBeGreaterThan(20);
    const rows = await csvObjects(`/admin/session/${a.name}/export/long.csv`);
    expect(Object.keys(rows[0]!)).toEqual(["seq", "at", "session", "ownerKind", "owner", "key", "value", "app", "position", "round", "byKind", "byName", "page", "hook", "codeLine"]);
    expect(rows).toEqual(expected.map(asCsv));
    expect(await jsonl(`/admin/session/${a.name}/export/log.jsonl`)).toEqual(expected);
  });

  test("participant, hook, admin and system writes say who made them, where, and from which line", async () => {
    const rows = await jsonl(`/admin/session/${a.name}/export/log.jsonl`);
    const [p0, p1] = a.players.map((p) => p.name);
    const pick = (owner: string, key: string) => rows.filter((r) => r.owner === owner && r.key === key);
    expect(pick(p0!, "nickname")).toEqual([expect.objectContaining({ value: '"=1+1"', ownerKind: "player", byKind: "participant", byName: null, page: "basics/Intro", app: "basics", position: 0, hook: null, codeLine: null })]);
    expect(pick(p0!, "greeting")).toEqual([expect.objectContaining({ value: '"hello there"', byKind: "hook", byName: "newPlayer", hook: "newPlayer", codeLine: "tests/fixtures/apps/basics.tsx:34" })]);
    expect(pick(a.name, "sessionInits")).toEqual([expect.objectContaining({ ownerKind: "session", value: "1", byKind: "hook", hook: "newSession", codeLine: "tests/fixtures/apps/basics.tsx:28" })]);
    expect(pick(p1!, "bonus")).toEqual([expect.objectContaining({ value: "-2.5", byKind: "admin", byName: "admin", page: null, hook: null })]);
    // The admin's advance moved the first player off the last page.
    expect(pick(p0!, "position").map((r) => [r.value, r.byKind, r.byName])).toEqual([["0", "participant", null], ["1", "participant", null], ["2", "participant", null], ["3", "admin", "admin"]]);
    // A deletion: a tombstone row, null in JSONL and an empty cell in CSV (where JSON null is "null").
    expect(pick(p0!, "playerInits").map((r) => [r.value, r.byKind, r.byName])).toEqual([["1", "hook", "newPlayer"], [null, "system", "test"]]);
    const csvRows = await csvObjects(`/admin/session/${a.name}/export/long.csv`);
    expect(csvRows.filter((r) => r.owner === p0 && ["playerInits", "comment"].includes(r.key!)).map((r) => [r.key, r.value])).toEqual([
      ["playerInits", "1"],
      ["comment", '"a, \\"quoted\\" note"'],
      ["playerInits", ""],
    ]);
  });
});

describe("page times CSV", () => {
  test("one row per page visit with entered, left, seconds and how the page was left", async () => {
    const rows = await csvObjects(`/admin/session/${a.name}/export/page-times.csv`);
    const visits = await server.db.pageVisit.findMany({ where: { sessionId: a.id }, orderBy: { id: "asc" } });
    expect(visits).toHaveLength(3);
    expect(rows).toEqual(
      visits.map((v) => ({
        session: a.name,
        player: a.players[0]!.name,
        position: String(v.position),
        page: v.page,
        app: v.app,
        round: "",
        entered: v.enteredAt.toISOString(),
        left: v.leftAt!.toISOString(),
        seconds: String((v.leftAt!.getTime() - v.enteredAt.getTime()) / 1000),
        leftHow: v.leftHow,
      })),
    );
    expect(rows.map((r) => [r.position, r.page, r.app, r.leftHow])).toEqual([
      ["0", "basics/Intro", "basics", "submit"],
      ["1", "basics/Middle", "basics", "submit"],
      ["2", "finale/Rate", "finale", "admin"],
    ]);
  });

  test("a page the player is still on has no left time and no duration", async () => {
    const rows = await csvObjects(`/admin/session/${c.name}/export/page-times.csv`);
    expect(rows).toEqual([expect.objectContaining({ player: c.players[0]!.name, position: "0", page: "basics/Intro", left: "", seconds: "", leftHow: "" })]);
    expect(Date.parse(rows[0]!.entered!)).toBeGreaterThan(0);
  });
});

describe("spreadsheet formulas", () => {
  test("a participant's =, + or @ cell gets a leading apostrophe; negative numbers stay numbers", async () => {
    const body = await text(`/admin/session/${a.name}/export/wide.csv`);
    expect(body).toContain(`"'=1+1"`);
    expect(body).toContain(`"'+SUM(1)"`);
    expect(body).not.toMatch(/(^|,)[=+@]/m);
    expect(body).toContain(",-2.5,");
  });
});

describe("every session in one file", () => {
  const sessionsOf = (rows: Record<string, string>[]) => [...new Set(rows.map((r) => r.session))];

  test("test runs are kept by default, left out with testing=hide, alone with testing=only", async () => {
    for (const [query, expected] of [
      ["", [a.name, b.name, c.name]],
      ["?testing=all", [a.name, b.name, c.name]],
      ["?testing=hide", [a.name, b.name]],
      ["?testing=only", [c.name]],
    ] as const) {
      expect([query, sessionsOf(await csvObjects(`/admin/export/wide.csv${query}`))]).toEqual([query, expected]);
      expect([query, sessionsOf(await csvObjects(`/admin/export/long.csv${query}`))]).toEqual([query, expected]);
      expect([query, sessionsOf(await csvObjects(`/admin/export/page-times.csv${query}`))]).toEqual([query, expected]);
    }
    expect(await jsonl(`/admin/export/log.jsonl?testing=hide`)).toEqual(await expectedLog([a.id, b.id]));
  });

  test("the wide header is the union of every session's fields; a player without a field has an empty cell", async () => {
    const rows = await csvObjects(`/admin/export/wide.csv`);
    expect(rows.map((r) => r.player)).toEqual([...a.players, ...b.players, ...c.players].map((p) => p.name));
    const header = Object.keys(rows[0]!);
    expect(header).toEqual(expect.arrayContaining(["playerInits", "role", "group.groupedRuns"]));
    // c's player has playerInits; a's first player's was deleted.
    expect(rows.map((r) => r.playerInits)).toEqual(["", "", "", "", "1"]);
    expect(rows.map((r) => r["group.groupedRuns"])).toEqual(["", "", "1", "1", ""]);
  });
});

describe("rounds.csv", () => {
  test("each round's values as the round ended, with the group of that round (a rematch shows)", async () => {
    const s = await newSession(server, "pairs", 2);
    const [p, q] = s.players;
    const write = (playerId: number, key: string, value: unknown, context: { app?: string; round?: number } = {}) =>
      server.db.$transaction((tx) => recordWrites(tx, [{ owner: { kind: "player", id: playerId, sessionId: s.id }, key, value, context, provenance: { byKind: "system", byName: "test" } }]));
    // Round 1 in group 1; offer changed twice in round 1 (the last counts) and again in round 3; regrouped into group 2 for round 3.
    await write(p!.id, "group", 1, { app: "pairs", round: 1 });
    await write(p!.id, "memberIndex", 0, { app: "pairs", round: 1 });
    await write(p!.id, "offer", 3, { app: "pairs", round: 1 });
    await write(p!.id, "offer", 4, { app: "pairs", round: 1 });
    await write(p!.id, "payoff", 10, { app: "pairs", round: 1 });
    await write(p!.id, "payoff", 12, { app: "pairs", round: 2 });
    await write(p!.id, "group", 2, {});
    await write(p!.id, "memberIndex", 1, {});
    await write(p!.id, "offer", 7, { app: "pairs", round: 3 });
    await write(p!.id, "note", "=cmd()", { app: "finale" });
    const rows = (await csvObjects(`/admin/session/${s.name}/export/rounds.csv`)).filter((r) => r.player === p!.name);
    const shown = rows.map((r) => [r.app, r.round, r.group, r.memberIndex, r.offer, r.payoff, r.note]);
    expect(shown).toEqual([
      ["pairs", "1", "g1", "0", "4", "10", ""],
      ["pairs", "2", "g1", "0", "", "12", ""],
      ["pairs", "3", "g2", "1", "7", "", ""],
      ["finale", "", "g2", "1", "", "", "'=cmd()"],
    ]);
    // Sprout's own fields are columns of their own, not values; the other player wrote nothing in an app.
    const [header] = await csv(`/admin/session/${s.name}/export/rounds.csv`);
    expect(header!.slice(0, 12)).toEqual(["session", "player", "index", "label", "app", "round", "group", "memberIndex", "role", "dropout", "finished", "testing"]);
    expect(header).not.toContain("position");
    expect((await csvObjects(`/admin/session/${s.name}/export/rounds.csv`)).filter((r) => r.player === q!.name).every((r) => r.app !== "")).toBe(true);
  });

  test("a session played through: one line per app reached, for apps without rounds, with the answers", async () => {
    const rows = await csvObjects(`/admin/session/${a.name}/export/rounds.csv`);
    const first = rows.filter((r) => r.player === a.players[0]!.name);
    // finale was reached (the admin's advance moved the player through it to the end) but not answered.
    expect(first.map((r) => [r.app, r.round, r.nickname, r.age, r.finished])).toEqual([
      ["basics", "", "'=1+1", "33", "true"],
      ["finale", "", "", "", "true"],
    ]);
  });
});

describe("downloads", () => {
  test("are attachments named after the session and the format, with their content types", async () => {
    for (const [format, type] of [
      ["wide.csv", "text/csv; charset=utf-8"],
      ["long.csv", "text/csv; charset=utf-8"],
      ["log.jsonl", "application/x-ndjson; charset=utf-8"],
      ["page-times.csv", "text/csv; charset=utf-8"],
      ["rounds.csv", "text/csv; charset=utf-8"],
      ["groups.csv", "text/csv; charset=utf-8"],
      ["sessions.csv", "text/csv; charset=utf-8"],
      ["chat.csv", "text/csv; charset=utf-8"],
    ]) {
      const res = await download(`/admin/session/${a.name}/export/${format}`);
      expect([res.status, res.headers.get("content-type"), res.headers.get("content-disposition")]).toEqual([200, type, `attachment; filename="${a.name}-${format}"`]);
      await res.arrayBuffer();
    }
    const all = await download(`/admin/export/long.csv?testing=hide`);
    expect(all.headers.get("content-disposition")).toBe(`attachment; filename="sessions-without-tests-long.csv"`);
    await all.arrayBuffer();
  });

  test("an unknown session or format is a 404, a bad testing filter a 400, all in plain text", async () => {
    for (const [path, status, message] of [
      [`/admin/session/nosuch/export/wide.csv`, 404, 'There is no session "nosuch"'],
      [`/admin/session/${a.name}/export/wide.xlsx`, 404, 'There is no export "wide.xlsx"'],
      [`/admin/export/everything.zip`, 404, 'There is no export "everything.zip"'],
      [`/admin/export/wide.csv?testing=yes`, 400, 'testing must be one of all, hide, only, not "yes"'],
    ] as const) {
      const res = await download(path);
      expect([path, res.status, res.headers.get("content-type")]).toEqual([path, status, "text/plain; charset=utf-8"]);
      expect(await res.text()).toContain(message);
    }
  });

  test("an anonymous caller is sent to the login page and gets no data", async () => {
    for (const path of [`/admin/session/${a.name}/export/long.csv`, `/admin/session/nosuch/export/nosuch/`, `/admin/export/log.jsonl`, `/admin/export/wide.csv?testing=yes`]) {
      const res = await download(path, {});
      expect([path, res.status, res.headers.get("location")]).toEqual([path, 303, "/admin/login/"]);
      expect(await res.text()).toBe("");
    }
  });
});

describe("streaming", () => {
  test("a failure halfway breaks the stream (no whole-looking file) and is logged", async () => {
    const logged = jest.spyOn(log, "error").mockImplementation(() => {});
    try {
      async function* failing() {
        yield "seq\r\n";
        throw new Error("disk on fire");
      }
      const reader = chunkStream(failing(), "test export").getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe("seq\r\n");
      await expect(reader.read()).rejects.toThrow("disk on fire");
      expect(logged).toHaveBeenCalledWith({ where: "test export", err: expect.any(Error) }, "export failed while streaming");
    } finally {
      logged.mockRestore();
    }
  });

  test("a client that goes away stops the generator", async () => {
    let finished = false;
    async function* endless() {
      try {
        for (;;) yield "row\r\n";
      } finally {
        finished = true;
      }
    }
    const stream = chunkStream(endless(), "test export");
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
  });

  test("exports larger than one page come out whole and in order", async () => {
    // 1,100 players (two pages of the wide export) with 5 fields and 5 page visits each: 5,500 writes and visits (six pages each).
    const d = await newSession(server, "basics", 1_100);
    const keys = ["k1", "k2", "k3", "k4", "k5"];
    const writes = d.players.flatMap((p, i) => keys.map((key) => ({ owner: { kind: "player" as const, id: p.id, sessionId: d.id }, key, value: i, context: {}, provenance: { byKind: "system" as const } })));
    await server.db.$transaction((tx) => recordWrites(tx, writes));
    await server.db.pageVisit.createMany({ data: d.players.flatMap((p) => [0, 1, 2, 3, 4].map((position) => ({ sessionId: d.id, playerId: p.id, position, page: "basics/Intro", app: "basics" }))) });
    // Building that many rows kept this process busy for seconds; let fetch notice the
    // keep-alive connections the server closed meanwhile before it reuses one.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const wide = await csvObjects(`/admin/session/${d.name}/export/wide.csv`);
    expect(wide.map((r) => [r.player, r.index, r.k5])).toEqual(d.players.map((p, i) => [p.name, String(i), String(i)]));

    const log = await csvObjects(`/admin/session/${d.name}/export/long.csv`);
    const seqs = (await server.db.fieldWrite.findMany({ where: { sessionId: d.id }, orderBy: { seq: "asc" }, select: { seq: true } })).map((w) => String(w.seq));
    expect(seqs.length).toBe(5_500 + 7); // and the 7 values a new session starts with
    expect(log.map((r) => r.seq)).toEqual(seqs);
    expect((await jsonl(`/admin/session/${d.name}/export/log.jsonl`)).map((r) => String(r.seq))).toEqual(seqs);

    const times = await csvObjects(`/admin/session/${d.name}/export/page-times.csv`);
    expect(times.map((r) => [r.player, r.position])).toEqual(d.players.flatMap((p) => ["0", "1", "2", "3", "4"].map((position) => [p.name, position])));
  });
});
