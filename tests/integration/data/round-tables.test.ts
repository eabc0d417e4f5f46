import Papa from "papaparse";
import { playBot } from "@/lib/bots/bot";
import { markDropouts } from "@/lib/engine/admin/player-actions";
import { signInAutomatically } from "../../helpers/admin";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// The per-round tables of sessions played through by bots: rounds.csv (groups, member indexes
// and roles per round, as the field log has them), groups.csv and sessions.csv, and the
// player filters, named in the file and shown in columns.

let server: RunningServer;
let cookie: string;
beforeAll(async () => {
  server = await startServer();
  cookie = await signInAutomatically(server);
});
afterAll(() => server?.stop());

async function download(path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });
  return { status: res.status, disposition: res.headers.get("content-disposition"), body: await res.text() };
}

async function table(path: string): Promise<Record<string, string>[]> {
  const { status, body } = await download(path);
  expect(status).toBe(200);
  const parsed = Papa.parse<Record<string, string>>(body, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** A session of `config` with `players` bots played to the end. */
async function played(config: string, players: number) {
  const s = await newSession(server, config, players);
  await Promise.all(s.urls.map((url, playerIndex) => playBot({ url, playerIndex })));
  return s;
}

/** Each group's members by member index, from the Group and Player tables. */
async function groupsOf(sessionId: number): Promise<Map<string, string[]>> {
  const players = await server.db.player.findMany({ where: { sessionId }, include: { group: true }, orderBy: { memberIndex: "asc" } });
  const out = new Map<string, string[]>();
  for (const p of players) if (p.group) (out.get(p.group.name) ?? out.set(p.group.name, []).get(p.group.name)!).push(p.name);
  return out;
}

test("pd_repeated: three rounds per player with the round's group and member index (rematched as perfect strangers); each round's values as it ended; one groups.csv row per group per round", async () => {
  const s = await played("pd_repeated", 4);
  const rows = (await table(`/admin/session/${s.name}/export/rounds.csv`)).filter((r) => r.app === "pd_repeated" && r.round !== "");
  for (const p of s.players) {
    const mine = rows.filter((r) => r.player === p.name);
    expect(mine.map((r) => r.round)).toEqual(["1", "2", "3"]);
    expect(mine.map((r) => [r.finished, r.dropout, r.testing])).toEqual(Array(3).fill(["true", "false", "false"]));
    // `total` grows every round by that round's `lastPoints`: each round's row has the values as that round ended.
    const points = mine.map((r) => Number(r.lastPoints));
    expect(mine.map((r) => Number(r.total))).toEqual([points[0], points[0]! + points[1]!, points[0]! + points[1]! + points[2]!]);
  }
  const groupRows = (await table(`/admin/session/${s.name}/export/groups.csv`)).filter((r) => r.round !== "");
  const pairs = new Set<string>();
  for (const round of ["1", "2", "3"]) {
    const thisRound = groupRows.filter((r) => r.app === "pd_repeated" && r.round === round);
    // Two pairs that together hold every player once ...
    expect(thisRound.map((r) => r.size)).toEqual(["2", "2"]);
    expect(thisRound.flatMap((r) => r.members!.split(" ")).sort()).toEqual(s.players.map((p) => p.name).sort());
    for (const g of thisRound) {
      // ... the players' rows of that round name the same group, each at their member index ...
      for (const [i, member] of g.members!.split(" ").entries()) {
        expect(rows.find((r) => r.player === member && r.round === round)).toMatchObject({ group: g.group, memberIndex: String(i) });
      }
      // ... and no two players meet twice (the rematching the log shows, round by round).
      const pair = g.members!.split(" ").sort().join("+");
      expect(pairs.has(pair)).toBe(false);
      pairs.add(pair);
    }
  }
});

test("public_goods: groups of three with the group's total and share; sessions.csv counts the players", async () => {
  const s = await played("public_goods", 6);
  const groups = await groupsOf(s.id);
  const groupRows = await table(`/admin/session/${s.name}/export/groups.csv`);
  expect(groupRows.map((r) => [r.group, r.size, r.members]).sort()).toEqual([...groups].map(([g, m]) => [g, "3", m.join(" ")]).sort());
  const players = await table(`/admin/session/${s.name}/export/rounds.csv`);
  for (const g of groupRows) {
    const contributions = players.filter((p) => p.group === g.group).map((p) => Number(p.contribution));
    expect(Number(g.total)).toBe(contributions.reduce((a, b) => a + b, 0));
    expect(Number(g.share)).toBeCloseTo((Number(g.total) * 1.8) / 3, 2);
  }
  const [session, ...more] = await table(`/admin/session/${s.name}/export/sessions.csv`);
  expect(more).toEqual([]);
  expect(session).toMatchObject({ session: s.name, testing: "false", apps: "public_goods", players: "6", started: "6", finished: "6", dropouts: "0" });
});

test("trust: the declared roles by member index, in rounds.csv and the dictionary", async () => {
  const s = await played("trust", 2);
  const rows = await table(`/admin/session/${s.name}/export/rounds.csv`);
  expect(rows.map((r) => [r.memberIndex, r.role, r.sent !== "", r.returned !== ""]).sort()).toEqual([
    ["0", "sender", true, false],
    ["1", "receiver", false, true],
  ]);
  const dictionary = await table(`/admin/session/${s.name}/export/dictionary.csv`);
  expect(dictionary.find((d) => d.app === "trust" && d.field === "role")).toMatchObject({ choices: "0 = sender; 1 = receiver" });
});

test("filters: dropouts and unfinished players left out or kept alone, named in the file; a bad filter is a 400", async () => {
  const s = await newSession(server, "basics", 3);
  const played = await playBot({ url: s.urls[0]!, playerIndex: 0 });
  expect(played.finished).toBe("end");
  await markDropouts(server.db, "admin", s.name, [s.players[1]!.name]);
  const names = (rows: Record<string, string>[]) => [...new Set(rows.map((r) => r.player))];
  const [p0, p1, p2] = s.players.map((p) => p.name);
  const wide = await table(`/admin/session/${s.name}/export/wide.csv`);
  expect(wide.map((r) => [r.player, r.dropout, r.finished])).toEqual([[p0, "false", "true"], [p1, "true", "false"], [p2, "false", "false"]]);
  expect(names(await table(`/admin/session/${s.name}/export/wide.csv?dropouts=hide`))).toEqual([p0, p2]);
  expect(names(await table(`/admin/session/${s.name}/export/wide.csv?dropouts=only`))).toEqual([p1]);
  expect(names(await table(`/admin/session/${s.name}/export/wide.csv?unfinished=hide`))).toEqual([p0]);
  expect(names(await table(`/admin/session/${s.name}/export/wide.csv?unfinished=only&dropouts=hide`))).toEqual([p2]);
  expect(names(await table(`/admin/session/${s.name}/export/rounds.csv?unfinished=hide&dropouts=hide`))).toEqual([p0]);
  expect((await download(`/admin/session/${s.name}/export/rounds.csv?dropouts=hide&unfinished=hide`)).disposition).toBe(`attachment; filename="${s.name}-without-dropouts-without-unfinished-rounds.csv"`);
  expect((await download(`/admin/session/${s.name}/export/wide.csv?dropouts=only`)).disposition).toBe(`attachment; filename="${s.name}-dropouts-only-wide.csv"`);
  expect((await download(`/admin/export/rounds.csv?testing=hide&unfinished=only`)).disposition).toBe(`attachment; filename="sessions-without-tests-unfinished-only-rounds.csv"`);
  expect(await download(`/admin/session/${s.name}/export/rounds.csv?dropouts=some`)).toMatchObject({ status: 400, body: expect.stringContaining('dropouts must be one of all, hide, only, not "some"') });
  expect(await download(`/admin/session/${s.name}/export/long.csv?unfinished=hide`)).toMatchObject({ status: 400, body: expect.stringContaining("apply to wide.csv and rounds.csv") });
  expect(await download(`/admin/export/wide.csv?unfinished=maybe`)).toMatchObject({ status: 400 });
});
