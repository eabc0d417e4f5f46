import type { BotTests } from "@/lib/experiment";
import { contribute, results } from "./index";

// The app's pages and declarations type the scripts (values of a field's type, the page's field
// names only) and the reads in the checks. The app loads this file only when its tests run.

/** Bot tests (`npm run sprout -- test public_goods`): the pot, the shares and the bounds of a contribution. */
export default {
  "contributions of 0, 50 and 100": {
    players: 3,
    pages: {
      Contribute: ({ playerIndex, sees, mustFail }) => {
        sees("You and 2 others each have 100 points.");
        mustFail({ contribution: 101 }, "at most 100");
        mustFail({ contribution: -1 }, "at least 0");
        return { contribution: playerIndex * 50 };
      },
      // 150 points in the pot, times 1.8, shared by three: 90 each.
      Results: ({ sees }) => sees("Your group put 150 points into the pot; each of you receives 90."),
    },
    check: async ({ players, expect }) => {
      expect(await Promise.all(players.map((p) => p.get(results, "payoff"))), [190, 140, 90], "the payoffs");
    },
  },
} satisfies BotTests<typeof contribute>;
