import type { BotTests } from "@/lib/experiment";
import { giveBack, results, send } from "./index";

// The app's pages and declarations type the scripts (values of a field's type, the page's field
// names only) and the reads in the checks. The app loads this file only when its tests run.

/** Bot tests (`npm run sprout -- test trust`): the sender sends 40, the receiver gets 120 and cannot return more. */
export default {
  "send 40, return 50": {
    players: 2,
    pages: {
      Send: () => ({ sent: 40 }),
      Return: ({ sees, mustFail }) => {
        sees("The sender sent 40 points, so you received 120.");
        mustFail({ returned: 121 }, "you can send back at most 120");
        return { returned: 50 };
      },
    },
    check: async ({ players, expect }) => {
      // The pairing is random: member 0 is the sender.
      const members = await Promise.all(players.map((p) => p.get("memberIndex")));
      const sender = players[members.indexOf(0)]!;
      const receiver = players[members.indexOf(1)]!;
      expect(await sender.get(results, "payoff"), 110, "the sender's payoff");
      expect(await receiver.get(results, "payoff"), 70, "the receiver's payoff");
    },
  },
} satisfies BotTests<typeof send | typeof giveBack>;
