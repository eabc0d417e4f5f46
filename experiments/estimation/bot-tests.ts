import type { BotTests } from "@/lib/experiment";
import { estimate, scores } from "./index";

// The app's pages and declarations type the scripts (values of a field's type, the page's field
// names only) and the reads in the checks. The app loads this file only when its tests run.

/** Bot tests (`npm run sprout -- test estimation`): the points of each round add up to the total. */
export default {
  "three rounds of estimates": {
    players: 1,
    pages: {
      Estimate: ({ round, sees, mustFail }) => {
        sees(`Round ${round} of 3`);
        mustFail({ estimate: 201 }, "at most 200");
        return { estimate: 50 };
      },
    },
    check: async ({ players: [p], expect }) => {
      const points = (await p!.history(scores, "points")).map((n) => n ?? 0);
      expect(points.length, 3, "the rounds with points");
      expect(await p!.get(scores, "total"), points.reduce((a, b) => a + b, 0), "the total of the rounds' points");
    },
  },
} satisfies BotTests<typeof estimate>;
