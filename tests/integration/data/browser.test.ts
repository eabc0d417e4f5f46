import { describeProvenance, sessionData } from "@/lib/data/browser";
import { RESERVED_FIELD_NAMES } from "@/lib/experiment";
import { setPlayerFields } from "@/lib/engine/admin/player-actions";
import { setSessionSettings } from "@/lib/engine/admin/session-controls";
import { adminGet, signInAutomatically } from "../../helpers/admin";
import { submitCurrent } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { eventually } from "../../helpers/sockets";
import { runOutDeadlines } from "../../helpers/time";

const XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>";

let server: RunningServer;
let cookie: string;
beforeAll(async () => {
  server = await startServer({ env: { SOME_SERVICE_URL: "postgres://svc:hunter2-db@db.example/x", SPROUT_EXTRA_TOKEN: "tok-4f9a2c" } });
  cookie = await signInAutomatically(server);
});
afterAll(() => server?.stop());

/** A basics session whose first player answered Intro (with a hostile nickname) and Middle, then got a field from the admin. */
async function playedSession() {
  const s = await newSession(server, "basics", 2);
  await submitCurrent(s.urls[0]!);
  await submitCurrent(s.urls[0]!, { nickname: XSS.slice(0, 20), age: 30, likes: "1" });
  await submitCurrent(s.urls[0]!);
  await submitCurrent(s.urls[0]!, { rating: 4 });
  await setPlayerFields(server.db, "alice", s.name, [s.players[0]!.name], { note: XSS });
  return s;
}

const cellOf = (table: NonNullable<Awaited<ReturnType<typeof sessionData>>>, rowLabel: string, key: string) => {
  const row = table.rows.find((r) => r.label === rowLabel)!;
  const cell = row.cells[table.columns.indexOf(key)];
  return cell ? { value: cell[0], by: table.provenance[cell[3]] } : null;
};

describe("the data table", () => {
  test("every current value, with its provenance: participant, hook (with the code line), admin and timeout", async () => {
    const s = await playedSession();
    const table = (await sessionData(server.db, s.name))!;
    const first = `0 · ${s.players[0]!.name}`;
    expect(cellOf(table, first, "age")).toEqual({ value: "30", by: "participant on basics/Intro" });
    expect(cellOf(table, first, "greeting")).toEqual({ value: "hello there", by: "hook newPlayer at tests/fixtures/apps/basics.tsx:34" });
    expect(cellOf(table, first, "note")).toEqual({ value: XSS, by: "admin (alice)" });
    expect(cellOf(table, first, "rating")).toEqual({ value: "4", by: "participant on finale/Rate" });
    expect(cellOf(table, "session", "sessionInits")).toEqual({ value: "1", by: "hook newSession at tests/fixtures/apps/basics.tsx:28" });
    // The second player never started: a row, but no answers.
    expect(cellOf(table, `1 · ${s.players[1]!.name}`, "age")).toBeNull();
    expect(table.apps).toEqual(["basics", "finale"]);
    // The experiment's fields first, then those Sprout keeps, each part by name.
    const own = table.columns.slice(0, table.firstBuiltIn);
    const builtIn = table.columns.slice(table.firstBuiltIn);
    expect(own).toEqual(expect.arrayContaining(["age", "greeting", "note", "rating"]));
    expect(builtIn).toEqual(expect.arrayContaining(["position", "settings"]));
    expect(builtIn.every((c) => RESERVED_FIELD_NAMES.has(c)) && own.every((c) => !RESERVED_FIELD_NAMES.has(c))).toBe(true);
    expect([own, builtIn]).toEqual([[...own].sort(), [...builtIn].sort()]);

    const timed = await newSession(server, "timed");
    await submitCurrent(timed.urls[0]!);
    await runOutDeadlines(server.db, { sessionId: timed.id });
    await eventually(async () => (await server.db.player.findFirstOrThrow({ where: { sessionId: timed.id } })).position === 1);
    const timedTable = (await sessionData(server.db, timed.name))!;
    expect(cellOf(timedTable, `0 · ${timed.players[0]!.name}`, "position")).toEqual({ value: "1", by: "timeout on timed/Quick" });
  });

  test("filters by the app (and round) the value was written in", async () => {
    const s = await playedSession();
    const finale = (await sessionData(server.db, s.name, { app: "finale" }))!;
    expect(finale.columns).toContain("rating");
    expect(finale.columns).not.toContain("age");
    const noRound = (await sessionData(server.db, s.name, { round: 7 }))!;
    expect(noRound.columns).toEqual([]);
    // A field rewritten later still shows the value it had within the filter.
    await setPlayerFields(server.db, "alice", s.name, [s.players[0]!.name], { rating: 1 });
    expect(cellOf((await sessionData(server.db, s.name, { app: "finale" }))!, `0 · ${s.players[0]!.name}`, "rating")).toEqual({ value: "4", by: "participant on finale/Rate" });
  });

  test("describes system writes and admins by their name", () => {
    expect(describeProvenance({ byKind: "system", byName: "sessionwide link", page: null, hook: null, codeLine: null })).toBe("system (sessionwide link)");
    // "admin admin" would read as a stutter.
    expect(describeProvenance({ byKind: "admin", byName: "admin", page: null, hook: null, codeLine: null })).toBe("admin (admin)");
    // A stand-in bot's write names the bot (and the instance that played the seat).
    expect(describeProvenance({ byKind: "bot", byName: "stand-in@1a2b3c4d", page: "pd/Decide", hook: null, codeLine: null })).toBe("bot (stand-in@1a2b3c4d) on pd/Decide");
  });
});

describe("the data page, history and digest over HTTP", () => {
  test("the page shows a hostile value escaped", async () => {
    const s = await playedSession();
    const html = await (await adminGet(server, `/admin/session/${s.name}/data/`, cookie)).text();
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain(XSS);
    expect(html).not.toContain("<script>alert(1)");
  });

  test("a cell's history lists every write, oldest first, with its provenance", async () => {
    const s = await playedSession();
    const player = await server.db.player.findFirstOrThrow({ where: { sessionId: s.id, index: 0 } });
    await setPlayerFields(server.db, "bob", s.name, [player.name], { note: "second" });
    const res = await adminGet(server, `/admin/session/${s.name}/history/?kind=player&id=${player.id}&key=note`, cookie);
    expect(res.status).toBe(200);
    const history = (await res.json()) as { value: string; by: string }[];
    expect(history.map((h) => [h.value, h.by])).toEqual([
      [XSS, "admin (alice)"],
      ["second", "admin (bob)"],
    ]);
    expect((await adminGet(server, `/admin/session/${s.name}/history/?kind=robot&id=1&key=note`, cookie)).status).toBe(400);
    expect((await adminGet(server, `/admin/session/nope/history/?kind=player&id=1&key=note`, cookie)).status).toBe(404);
  });

  test("the digest shows each app's summary, and a failing digest as an error on the page", async () => {
    const s = await playedSession();
    const page = await adminGet(server, `/admin/session/${s.name}/digest/`, cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<td>${s.players[0]!.name}</td><td>4</td>`);
    await setSessionSettings(server.db, "alice", s.name, { failDigest: true });
    const failing = await adminGet(server, `/admin/session/${s.name}/digest/`, cookie);
    expect(failing.status).toBe(200);
    expect(await failing.text()).toContain("The digest of finale failed: digest refused by the fixture");
    const session = await adminGet(server, `/admin/session/${s.name}/`, cookie);
    expect(await session.text()).toContain(`/admin/session/${s.name}/digest/`);
  });

  test("sessions without a digest show no digest link", async () => {
    const s = await newSession(server, "hooks");
    expect(await (await adminGet(server, `/admin/session/${s.name}/`, cookie)).text()).not.toContain("/digest/");
  });
});

describe("the status page", () => {
  test("database, versions and the environment with every secret masked", async () => {
    const html = await (await adminGet(server, "/admin/status/", cookie)).text();
    expect(html).toMatch(/data-testid="database-size">\d+\.\d\d<!-- --> MiB/);
    expect(html).toContain("16.4.6");
    expect(html).toContain("SOME_SERVICE_URL");
    expect(html).toContain("postgres://••••••@db.example/x");
    expect(html).not.toContain("hunter2-db");
    expect(html).toContain("SPROUT_EXTRA_TOKEN");
    expect(html).not.toContain("tok-4f9a2c");
    expect(html).not.toContain(process.env.NEXTAUTH_SECRET ?? "no-secret-in-this-process");
  });
});
