import { postForm, submitCurrent } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

let server: RunningServer;

/** A participant who sends the form again when the server says it is too busy (503), as the page asks them to. */
async function patientPost(url: string, form: Record<string, string | number>): Promise<Response> {
  for (;;) {
    const res = await postForm(url, form);
    if (res.status !== 503) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
}
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

test("100 players reaching a group wait page at once end up in exactly 50 pairs; onGrouped runs once per group", async () => {
  const s = await newSession(server, "pairs", 100);
  // Everyone starts in the same instant; the first page is the grouping wait.
  const starts = await Promise.all(s.urls.map((u) => patientPost(u, { _position: -1 })));
  expect(starts.every((r) => r.status === 303)).toBe(true);
  const groups = await server.db.group.findMany({ where: { sessionId: s.id }, include: { players: true } });
  expect(groups).toHaveLength(50);
  expect(groups.every((g) => g.players.length === 2 && g.app === "pairs")).toBe(true);
  expect(groups.map((g) => g.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  const players = await server.db.player.findMany({ where: { sessionId: s.id } });
  expect(new Set(players.map((p) => p.groupId)).size).toBe(50);
  expect(players.every((p) => p.groupId !== null && p.position === 1)).toBe(true);
  for (const g of groups) expect(g.players.map((p) => p.memberIndex).sort()).toEqual([0, 1]);
  const runs = await server.db.fieldValue.findMany({ where: { sessionId: s.id, ownerKind: "group", key: "groupedRuns" } });
  expect(runs.map((r) => r.value)).toEqual(Array(50).fill("1"));
  // Every released player's beforeOnce saw the role onGrouped gave them in the same transaction.
  const roles = await server.db.fieldValue.findMany({ where: { sessionId: s.id, ownerKind: "player", key: { in: ["role", "roleSeen"] } } });
  const byPlayer = new Map<number, Record<string, string>>();
  for (const r of roles) byPlayer.set(r.ownerId, { ...byPlayer.get(r.ownerId), [r.key]: JSON.parse(r.value!) });
  expect([...byPlayer.values()].every((v) => v.role !== undefined && v.roleSeen === v.role)).toBe(true);
  // Membership is in the field log too, with the grouping's provenance.
  expect(await server.db.fieldWrite.count({ where: { sessionId: s.id, key: "group", byName: "grouping" } })).toBe(100);
});

test("a lone player waits; the second arrival forms the pair and moves both on", async () => {
  const s = await newSession(server, "pairs", 3);
  await postForm(s.urls[0]!, { _position: -1 });
  const waiting = await server.db.player.findFirstOrThrow({ where: { sessionId: s.id, name: s.players[0]!.name } });
  expect([waiting.position, waiting.groupId]).toEqual([0, null]);
  // Continue without JavaScript: still waiting, nothing changes.
  const again = await postForm(s.urls[0]!, { _position: 0 });
  expect(again.headers.get("x-sprout-outcome")).toBe("waiting");
  await postForm(s.urls[1]!, { _position: -1 });
  const both = await server.db.player.findMany({ where: { sessionId: s.id, name: { in: [s.players[0]!.name, s.players[1]!.name] } } });
  expect(both.map((p) => p.position)).toEqual([1, 1]);
  expect(both[0]!.groupId).toBe(both[1]!.groupId);
  const visits = await server.db.pageVisit.findMany({ where: { playerId: waiting.id }, orderBy: { id: "asc" } });
  expect(visits.map((v) => [v.page, v.leftHow])).toEqual([["pairs/Pairing", "released"], ["pairs/Decide", null]]);
});

test("players on the same grouping page at different positions of their own orders are grouped", async () => {
  const s = await newSession(server, "branches", 20);
  for (const url of s.urls) {
    let page = await submitCurrent(url);
    while (page.path && page.path !== "branches/Pair" && page.title !== "Done") page = await submitCurrent(url);
  }
  const players = await server.db.player.findMany({ where: { sessionId: s.id } });
  expect(players.every((p) => p.groupId !== null)).toBe(true);
  expect(new Set(players.map((p) => p.groupId)).size).toBe(10);
  // Consecutive arrivals pair up; with random branches some pairs mix positions 1 and 2.
  const mixed = [...new Set(players.map((p) => p.groupId))].some((g) => {
    const members = players.filter((p) => p.groupId === g);
    return new Set(members.map((m) => JSON.parse(m.pageOrder).indexOf("branches/Pair"))).size === 2;
  });
  expect(mixed).toBe(true);
});
