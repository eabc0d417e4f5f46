import type { BotTests } from "@/lib/experiment";
import { trader } from "./index";

// The declarations type the reads in the check; used inside it only (the app imports this file).

/** Bot tests (`npm run sprout -- test market`): two buyers and two sellers trade live (the app's botLive), and every trade has two sides. */
export default {
  "two buyers and two sellers trade": {
    players: 4,
    pages: {
      Results: ({ sees }) => sees("Your profit:"),
    },
    check: async ({ players, expect }) => {
      const sides = await Promise.all(players.map((p) => p.get(trader, "side")));
      expect(sides.filter((s) => s === "buyer").length, 2, "the number of buyers");
      const prices = (await Promise.all(players.map((p) => p.get(trader, "tradedAt")))).filter((p) => typeof p === "number");
      // A trade sets the price for the buyer and the seller alike.
      expect(prices.length % 2, 0, "the number of traders (pairs)");
    },
  },
} satisfies BotTests;
