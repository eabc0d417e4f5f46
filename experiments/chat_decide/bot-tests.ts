import type { BotTests } from "@/lib/experiment";
import { decide, results } from "./index";

// The app's pages and declarations type the scripts (values of a field's type, the page's field
// names only) and the reads in the checks. The app loads this file only when its tests run.

/** Bot tests (`npm run sprout -- test chat_decide`): the chat page shows, and the payoffs follow the choices. */
export default {
  "both cooperate after talking": {
    players: 2,
    pages: {
      Discuss: ({ sees }) => sees("Use the chat to talk it over; nothing said is binding."),
      Decide: ({ mustFail }) => {
        mustFail({ cooperate: null }, "Please choose one of the options.");
        return { cooperate: true };
      },
      Results: ({ sees }) => sees("You chose to cooperate; your partner chose to cooperate. You earn 3 points."),
    },
    check: async ({ players, expect }) => {
      for (const p of players) expect(await p.get(results, "payoff"), 3, `${p.name}'s payoff`);
    },
  },
  "a defector against a cooperator": {
    players: 2,
    pages: {
      Decide: ({ playerIndex }) => ({ cooperate: playerIndex === 1 }),
      Results: ({ playerIndex, sees }) => sees(playerIndex === 0 ? "You earn 5 points." : "You earn 0 points."),
    },
    check: async ({ players: [defector, cooperator], expect }) => {
      expect(await defector!.get(results, "payoff"), 5, "the defector's payoff");
      expect(await cooperator!.get(results, "payoff"), 0, "the cooperator's payoff");
    },
  },
} satisfies BotTests<typeof decide>;
