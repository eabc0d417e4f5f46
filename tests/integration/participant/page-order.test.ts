import { getPage, submitCurrent, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

/** Plays the order fixture, answering Loop with `again` for the first `passes - 1` passes. */
async function play(passes: number) {
  const s = await newSession(server, "order");
  const url = s.urls[0]!;
  const seen: string[] = [];
  let page = await submitCurrent(url);
  for (let step = 0; step < 30 && page.path; step++) {
    seen.push(page.path);
    const data: Record<string, string> = {};
    if (page.path === "order/R") data.v = String(seen.length);
    if (page.path === "order/Loop" && seen.filter((x) => x === "order/Loop").length < passes) data.again = "1";
    if (page.path === "order/Done") break;
    page = await submitCurrent(url, data);
  }
  const player = await server.db.player.findFirstOrThrow({ where: { sessionId: s.id } });
  return { ...s, url, seen, player, order: JSON.parse(player.pageOrder) as string[] };
}

test("each player plays rounds, a shuffled block, one of several and a repeated block in order", async () => {
  const { seen, order } = await play(2);
  expect(seen.slice(0, 2)).toEqual(["order/R", "order/R"]);
  expect([...seen.slice(2, 6)].sort()).toEqual(["order/X", "order/Y", "order/Z1", "order/Z2"]);
  expect(seen.indexOf("order/Z2")).toBe(seen.indexOf("order/Z1") + 1);
  expect(["order/A", "order/B"]).toContain(seen[6]);
  expect(seen.slice(7)).toEqual(["order/Loop", "order/Loop", "order/Done"]);
  expect(order.filter((e) => e.startsWith("order/#repeat0"))).toEqual(["order/#repeat0@1", "order/#repeat0@2"]);
});

test("the round is available to pages and stored with every write", async () => {
  const { id, url, player } = await play(3);
  const writes = await server.db.fieldWrite.findMany({ where: { sessionId: id, ownerId: player.id, key: { in: ["v", "again"] } }, orderBy: { seq: "asc" } });
  expect(writes.map((w) => [w.key, w.round])).toEqual([["v", 1], ["v", 2], ["again", 1], ["again", 2], ["again", 3]]);
  expect(text((await getPage(url)).html)).toContain("round=null");
  const visits = await server.db.pageVisit.findMany({ where: { playerId: player.id, page: "order/Loop" }, orderBy: { id: "asc" } });
  expect(visits.map((v) => v.round)).toEqual([1, 2, 3]);
});

test("repeat() stops at its max however often the condition holds", async () => {
  const { seen } = await play(10);
  expect(seen.filter((x) => x === "order/Loop")).toHaveLength(3);
  expect(seen.at(-1)).toBe("order/Done");
});

test("random() and between() are decided per player", async () => {
  const orders = new Set<string>();
  const chosen = new Set<string>();
  for (let i = 0; i < 16; i++) {
    const { order } = await play(1);
    orders.add(order.slice(2, 6).join());
    chosen.add(order[6]!);
  }
  expect(orders.size).toBeGreaterThan(1);
  expect(chosen).toEqual(new Set(["order/A", "order/B"]));
});
