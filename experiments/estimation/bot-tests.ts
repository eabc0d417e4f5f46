import type { BotTestCase } from "@/lib/experiment";

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
      const points = (await p!.history("points")) as number[];
      expect(points.length, 3, "the rounds with points");
      expect(await p!.get("total"), points.reduce((a, b) => a + b, 0), "the total of the rounds' points");
    },
  },
} satisfies Record<string, BotTestCase>;
