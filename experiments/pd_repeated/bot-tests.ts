import type { BotTests } from "@/lib/experiment";
import { decision, scores } from "./index";

// The app's pages and declarations type the scripts (values of a field's type, the page's field
// names only) and the reads in the checks. The app loads this file only when its tests run.

/** Bot tests (`npm run sprout -- test pd_repeated`): three rounds with new partners, read back from the round history. */
export default {
  "everyone cooperates in round 1, then defects": {
    players: 4,
    pages: {
      Decision: ({ round, sees }) => {
        sees(`Round ${round} of 3.`);
        return { cooperate: round === 1 };
      },
      Feedback: ({ round, sees }) => sees(round === 1 ? "You earn 3 points." : "You earn 1 points."),
      Results: ({ sees }) => sees("You earned 5 points over 3 rounds."),
    },
    check: async ({ players, expect }) => {
      for (const p of players) {
        expect(await p.history(decision, "cooperate"), [true, false, false], `${p.name}'s decisions by round`);
        expect(await p.history(scores, "lastPoints"), [3, 1, 1], `${p.name}'s points by round`);
        expect(await p.get(scores, "total"), 5, `${p.name}'s total`);
      }
    },
  },
} satisfies BotTests<typeof decision>;
