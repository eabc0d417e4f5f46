import { advancePlayers, groupPlayers, markDropouts, movePlayersToEnd, revertPlayers } from "@/lib/engine/admin/player-actions";
import type { Db } from "@/lib/store/db";
import { getPage, submitCurrent, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// The admin's actions that change groups or positions, around wait pages: nobody is left on
// a wait page that would let them through. Participants play without JavaScript (plain GETs
// and form posts): what they see on their next load is what the database says.
let server: RunningServer;
let db: Db;
beforeAll(async () => {
  // A long online window: the server's own dropout sweep must not mark anyone here.
  server = await startServer({ env: { SPROUT_ONLINE_WINDOW_MS: "600000" } });
  db = server.db;
});
afterAll(() => server?.stop());

const ADMIN = "alice";
const rowsOf = (sessionId: number) => db.player.findMany({ where: { sessionId }, orderBy: { index: "asc" } });
const groupValue = async (groupId: number, key: string) => {
  const v = await db.fieldValue.findFirst({ where: { ownerKind: "group", ownerId: groupId, key } });
  return v?.value == null ? undefined : JSON.parse(v.value);
};

async function pairs(n: number) {
  const s = await newSession(server, "pairs", n);
  return { ...s, names: s.players.map((p) => p.name) };
}

describe("a group the admin makes passes the grouping wait page", () => {
  test("one waiting alone, the other not started: the waiting one passes now, the other on arrival; onGrouped runs once; the game plays to the end", async () => {
    const s = await pairs(2);
    expect((await submitCurrent(s.urls[0]!)).title).toBe("Please wait");

    const result = await groupPlayers(db, ADMIN, s.name, s.names, { kind: "same" });
    expect(result.changed).toBe(2);
    const first = await getPage(s.urls[0]!);
    expect(first.path).toBe("pairs/Decide");

    // The second starts and goes straight through the grouping page.
    expect((await submitCurrent(s.urls[1]!)).path).toBe("pairs/Decide");
    const [a, b] = await rowsOf(s.id);
    expect(a!.groupId).toBe(b!.groupId);
    const group = await db.group.findUniqueOrThrow({ where: { id: a!.groupId! } });
    expect(group.app).toBe("pairs");
    expect(await groupValue(group.id, "groupedRuns")).toBe(1);
    // onGrouped's roles were there for each one's beforeOnce on Decide.
    const roleSeen = await db.fieldValue.findMany({ where: { ownerKind: "player", ownerId: { in: [a!.id, b!.id] }, key: "roleSeen" } });
    expect(roleSeen.map((r) => JSON.parse(r.value!)).sort()).toEqual(["first", "second"]);

    expect((await submitCurrent(s.urls[0]!, { cooperate: "0" })).title).toBe("Please wait");
    expect(text((await submitCurrent(s.urls[1]!, { cooperate: "0" })).html)).toContain("payoff=4");
    expect(text((await getPage(s.urls[0]!)).html)).toContain("payoff=4");
  });

  test("both waiting on it (a bigger group than the page's size): both pass together", async () => {
    const s = await pairs(3);
    expect((await submitCurrent(s.urls[0]!)).title).toBe("Please wait");
    // Two on a page for pairs would pair: the admin groups the first with the two not started.
    await groupPlayers(db, ADMIN, s.name, s.names, { kind: "same" });
    expect((await getPage(s.urls[0]!)).path).toBe("pairs/Decide");
    for (const url of s.urls.slice(1)) expect((await submitCurrent(url)).path).toBe("pairs/Decide");
    expect(new Set((await rowsOf(s.id)).map((p) => p.groupId)).size).toBe(1);
  });

  test("players headed for different apps cannot share a group: refused, nothing changed", async () => {
    const s = await newSession(server, "basics", 2);
    await submitCurrent(s.urls[0]!);
    const names = s.players.map((p) => p.name);
    await movePlayersToEnd(db, ADMIN, s.name, [names[1]!]);
    await expect(groupPlayers(db, ADMIN, s.name, names, { kind: "same" })).rejects.toThrow(/headed for different apps \(basics, the end\)/);
    expect((await rowsOf(s.id)).every((p) => p.groupId === null)).toBe(true);
  });
});

describe("ungrouping frees those who wait", () => {
  test("a partner waiting on the group's sync page stops waiting for the one removed from the group", async () => {
    const s = await pairs(2);
    for (const url of s.urls) await submitCurrent(url);
    expect((await submitCurrent(s.urls[0]!, { cooperate: "1" })).title).toBe("Please wait");
    await groupPlayers(db, ADMIN, s.name, [s.names[1]!], { kind: "reset" });
    expect((await getPage(s.urls[0]!)).path).toBe("pairs/Result");
    expect((await rowsOf(s.id))[1]!.position).toBe(1);
  });
});

describe("moves around wait pages", () => {
  test("Advance of the one a partner waits for: both move on", async () => {
    const s = await pairs(2);
    for (const url of s.urls) await submitCurrent(url);
    await submitCurrent(s.urls[0]!, { cooperate: "0" });
    await advancePlayers(db, ADMIN, s.name, [s.names[1]!]);
    expect((await rowsOf(s.id)).map((p) => p.position)).toEqual([3, 3]);
  });

  test("Revert never puts a player back onto a wait page (where nobody would ask again)", async () => {
    const s = await pairs(2);
    for (const url of s.urls) await submitCurrent(url);
    const result = await revertPlayers(db, ADMIN, s.name, [s.names[0]!]);
    expect(result.changed).toBe(0);
    expect((await getPage(s.urls[0]!)).path).toBe("pairs/Decide");
    // From the sync page it goes back to the decision, and the game still ends for both.
    await submitCurrent(s.urls[0]!, { cooperate: "0" });
    await revertPlayers(db, ADMIN, s.name, [s.names[0]!]);
    expect((await getPage(s.urls[0]!)).path).toBe("pairs/Decide");
    await submitCurrent(s.urls[1]!, { cooperate: "0" });
    expect((await submitCurrent(s.urls[0]!, { cooperate: "0" })).path).toBe("pairs/Result");
    expect((await getPage(s.urls[1]!)).path).toBe("pairs/Result");
  });

  test("a whole-session sync page: moving the last one to the end, or marking them a dropout, releases the others", async () => {
    for (const act of [movePlayersToEnd, markDropouts]) {
      const s = await newSession(server, "everyone", 3);
      const names = s.players.map((p) => p.name);
      for (const url of s.urls) await submitCurrent(url);
      for (const url of s.urls.slice(0, 2)) expect((await submitCurrent(url)).title).toBe("Please wait");
      await act(db, ADMIN, s.name, [names[2]!]);
      for (const url of s.urls.slice(0, 2)) expect((await getPage(url)).path).toBe("everyone/Done");
    }
  });
});
