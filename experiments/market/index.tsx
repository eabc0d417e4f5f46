import { z } from "zod";
import { defineApp, groupingWait, integer, json, live, page, radio, stored, syncWait, type GroupApi, type LiveMethods, type PlayerApi } from "@/lib/experiment";
import { MarketBoard, type Book, type MarketLive, type MarketState, type Trader } from "./market-board";

/** Groups of four: two buyers (what one unit is worth to them) and two sellers (what it costs them). */
const C = { groupSize: 4, values: [120, 90], costs: [30, 60], maxPrice: 200 } as const;

/** What the code stores: each trader's side, limit and price; each market's book and trades. */
export const trader = stored({
  side: radio({ label: "Buyer or seller (half of the participants each, by the order they came in)", choices: ["buyer", "seller"] }),
  limit: integer({ label: "What the unit is worth to a buyer, or costs a seller" }),
  tradedAt: integer({ label: "The price the player traded at (empty: no trade)", optional: true }),
});
const market = stored({
  book: json<Book>({ label: "The standing bids and asks" }),
  trades: json<MarketState["trades"]>({ label: "The trades, in order" }),
});

async function stateOf(group: GroupApi): Promise<MarketState> {
  return { book: (await group.get(market, "book")) ?? { bids: [], asks: [] }, trades: (await group.get(market, "trades")) ?? [] };
}

/** The player's side (their role in the group: buyers come first, as groupBy orders them), limit and trade. */
async function me(player: PlayerApi): Promise<Trader> {
  return { role: (await player.get(trader, "side")) ?? "buyer", limit: (await player.get(trader, "limit")) ?? 0, traded: (await player.get(trader, "tradedAt")) ?? null };
}

/** A double auction: bids and asks over the socket, a trade whenever a bid meets the best ask. */
export default defineApp({
  tests: () => import("./bot-tests"),
  name: "market",
  description: "Double auction: two buyers and two sellers trade one unit each",
  suggestedMultiple: C.groupSize,
  constants: C,
  stored: { player: trader, group: market },
  // Half the participants buy, half sell (by the order they were created in).
  newPlayer: async ({ player }) => player.set(trader, "side", player.index % 2 === 0 ? "buyer" : "seller"),
  pages: [
    // Matched by role: each market is the first two buyers and the first two sellers to
    // arrive (a buyer waits for sellers, and the other way round); "role" is stored per member.
    groupingWait({
      name: "Grouping",
      size: C.groupSize,
      roles: ["buyer", "buyer", "seller", "seller"],
      groupBy: async ({ waiting }) => {
        const sides = await Promise.all(waiting.map((w) => w.get(trader, "side")));
        const buyers = waiting.filter((_, i) => sides[i] === "buyer").slice(0, 2);
        const sellers = waiting.filter((_, i) => sides[i] === "seller").slice(0, 2);
        return buyers.length === 2 && sellers.length === 2 ? [...buyers, ...sellers] : null;
      },
      onGrouped: async ({ group }) => {
        for (const [i, p] of (await group.players()).entries()) {
          const buyer = i < 2;
          await p.set(trader, "limit", buyer ? C.values[i]! : C.costs[i - 2]!);
          await p.set(trader, "tradedAt", null);
        }
        await group.set(market, "book", { bids: [], asks: [] });
        await group.set(market, "trades", []);
      },
    }),
    page({
      name: "Market",
      render: async ({ player, group }) => <MarketBoard initial={await stateOf(group!)} me={player.name} {...await me(player)} maxPrice={C.maxPrice} />,
      live: {
        /** The player's role and limit, and the market as it stands. */
        state: live(z.null(), async ({ player, group }) => ({ ...(await me(player)), ...(await stateOf(group!)) })),
        /** A bid (buyers) or an ask (sellers); it trades at once when it meets the best opposite offer. */
        offer: live(z.object({ price: z.number().int().min(0).max(C.maxPrice) }), async ({ player, group, push }, { price }) => {
          const { role, limit, traded } = await me(player);
          if (traded !== null) return { message: "You have already traded your unit." };
          if (role === "buyer" && price > limit) return { message: `You would lose money: your unit is worth ${limit} to you.` };
          if (role === "seller" && price < limit) return { message: `You would lose money: your unit costs you ${limit}.` };
          const { book, trades } = await stateOf(group!);
          const mine = role === "buyer" ? book.bids : book.asks;
          const theirs = role === "buyer" ? book.asks : book.bids;
          const others = mine.filter((o) => o.player !== player.name);
          const best = [...theirs].sort((a, b) => (role === "buyer" ? a.price - b.price : b.price - a.price))[0];
          let message: string;
          if (best && (role === "buyer" ? price >= best.price : price <= best.price)) {
            // The standing offer sets the price.
            const partner = (await group!.players()).find((p) => p.name === best.player)!;
            trades.push({ buyer: role === "buyer" ? player.name : best.player, seller: role === "seller" ? player.name : best.player, price: best.price });
            await player.set(trader, "tradedAt", best.price);
            await partner.set(trader, "tradedAt", best.price);
            const rest = theirs.filter((o) => o !== best);
            Object.assign(book, role === "buyer" ? { bids: others, asks: rest } : { bids: rest, asks: others });
            message = `You traded at ${best.price}.`;
          } else {
            Object.assign(book, role === "buyer" ? { bids: [...others, { player: player.name, price }] } : { asks: [...others, { player: player.name, price }] });
            message = `Your ${role === "buyer" ? "bid" : "ask"} of ${price} is in the book.`;
          }
          await group!.set(market, "book", book);
          await group!.set(market, "trades", trades);
          push("group", "market", { book, trades });
          return { message };
        }),
      } satisfies LiveMethods<MarketLive>,
    }),
    syncWait({ name: "MarketClosed" }),
    page({
      name: "Results",
      render: async ({ player }) => {
        const { role, limit, traded } = await me(player);
        const profit = traded === null ? 0 : role === "buyer" ? limit - traded : traded - limit;
        return <p>{traded === null ? "You did not trade." : `You ${role === "buyer" ? "bought" : "sold"} at ${traded}.`} Your profit: <strong>{profit}</strong>.</p>;
      },
    }),
  ],
  botLive: {
    // Ask for the market, then offer a little inside the own limit.
    Market: async ({ call, rng }) => {
      const state = (await call("state", null)) as { role: string; limit: number };
      const margin = 5 + Math.floor(rng() * 20);
      await call("offer", { price: state.role === "buyer" ? state.limit - margin : state.limit + margin });
    },
  },
  digest: async ({ session }) => {
    const players = await session.players();
    const prices = (await Promise.all(players.map((p) => p.get(trader, "tradedAt")))).filter((p): p is number => typeof p === "number");
    return <p>{prices.length / 2} trades; mean price {prices.length ? (prices.reduce((a, b) => a + b, 0) / prices.length).toFixed(1) : "–"}.</p>;
  },
});
