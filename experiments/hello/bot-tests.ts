import type { BotTests } from "@/lib/experiment";
import { about, origin, season, welcome } from "./index";

// The app's pages and declarations type the scripts (values of a field's type, the page's field
// names only) and the reads in the checks. The app loads this file only when its tests run.

/** Bot tests (`npm run sprout -- test hello`): what a participant sees, what is refused, what is stored. */
export default {
  "a participant who tells us about themselves": {
    players: 1,
    pages: {
      About: ({ sees, mustFail }) => {
        sees("Welcome! This short study takes about a minute.");
        mustFail({ age: 12 }, "at least 16");
        mustFail({ nickname: "" }, "This field is required.");
        return { nickname: "Ada", age: 36 };
      },
      Season: () => ({ season: "winter" }),
      Summary: ({ sees }) => sees("Thank you, Ada. You told us you are 36 and like winter best."),
    },
    check: async ({ players: [p], session, expect }) => {
      expect(await p!.get(welcome, "greeting"), "Hello!", "the greeting newPlayer prepared");
      expect(await session.get(origin, "startedBy"), "the first participant");
    },
  },
} satisfies BotTests<typeof about | typeof season>;
