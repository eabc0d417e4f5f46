import type { BotTests } from "@/lib/experiment";
import { dilemma, results } from "./index";

// The app's pages and declarations type the scripts (values of a field's type, the page's field
// names only) and the reads in the checks. The app loads this file only when its tests run.

/** Bot tests (`npm run sprout -- test prisoners_dilemma`): the payoffs of each pair of choices. */
export default {
  "both cooperate": {
    players: 2,
    pages: {
      Dilemma: ({ sees }) => {
        sees("Do you cooperate with the other participant?");
        return { cooperate: true };
      },
      Results: ({ sees }) => sees("You chose to cooperate; the other participant chose to cooperate. You earn 3 points."),
    },
    check: async ({ players, expect }) => {
      for (const p of players) expect(await p.get(results, "payoff"), 3, `${p.name}'s payoff`);
    },
  },
  "a defector against a cooperator": {
    players: 2,
    pages: {
      Dilemma: ({ playerIndex, mustFail }) => {
        mustFail({ cooperate: null }, "Please choose one of the options.");
        return { cooperate: playerIndex === 1 };
      },
      Results: ({ playerIndex, sees }) => sees(playerIndex === 0 ? "You earn 5 points." : "You earn 0 points."),
    },
    check: async ({ players: [defector, cooperator], expect }) => {
      expect(await defector!.get(results, "payoff"), 5, "the defector's payoff");
      expect(await cooperator!.get(results, "payoff"), 0, "the cooperator's payoff");
    },
  },
} satisfies BotTests<typeof dilemma>;
