import { playBot } from "@/lib/bots/bot";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

test("bots trade in the double auction through its live methods; every trade is recorded for both sides", async () => {
  const s = await newSession(server, "market", 8);
  await Promise.all(s.urls.map((url, i) => playBot({ url, playerIndex: i })));
  const groups = await server.db.group.findMany({ where: { sessionId: s.id } });
  expect(groups).toHaveLength(2);
  const value = async (ownerKind: string, ownerId: number, key: string) =>
    JSON.parse((await server.db.fieldValue.findUniqueOrThrow({ where: { ownerKind_ownerId_key: { ownerKind, ownerId, key } } })).value!);
  let trades = 0;
  for (const g of groups) {
    const groupTrades = (await value("group", g.id, "trades")) as { buyer: string; seller: string; price: number }[];
    trades += groupTrades.length;
    for (const t of groupTrades) {
      const [buyer, seller] = await Promise.all([t.buyer, t.seller].map((name) => server.db.player.findFirstOrThrow({ where: { sessionId: s.id, name } })));
      expect(await value("player", buyer!.id, "tradedAt")).toBe(t.price);
      expect(await value("player", seller!.id, "tradedAt")).toBe(t.price);
      expect(t.price).toBeLessThanOrEqual(await value("player", buyer!.id, "limit"));
      expect(t.price).toBeGreaterThanOrEqual(await value("player", seller!.id, "limit"));
    }
  }
  expect(trades).toBeGreaterThan(0);
  const offers = await server.db.fieldWrite.count({ where: { sessionId: s.id, hook: "live:offer" } });
  expect(offers).toBeGreaterThan(0);
});
