import type { BotTests } from "@/lib/experiment";
import type { about, opinions, week } from "./index";

// The pages type the scripts: values of each field's type, the page's field names only.

/** Bot tests (`npm run sprout -- test survey`): the rule across age and date of birth, and what the summary shows. */
export default {
  "an age that does not fit the date of birth is refused": {
    players: 1,
    pages: {
      Consent: ({ mustFail }) => {
        mustFail({ consent: false }, "Please tick this box to continue.");
        return { consent: true };
      },
      About: ({ mustFail }) => {
        mustFail({ age: 20, birthDate: "1960-01-01" }, "please check your age or your date of birth");
        mustFail({ contact: "not an address" }, "Please enter an e-mail address like name@example.org.");
        return { nickname: "Sam" };
      },
      Week: () => ({ studyHours: 12.5, budget: "250.50" }),
      Opinions: () => ({ satisfaction: 6 }),
      Summary: ({ sees }) => {
        sees("Thank you, Sam.");
        sees("12.5 hours of study a week");
        sees("a food budget of €250.50 a month");
        sees("satisfaction 6 of 7");
      },
    },
  },
} satisfies BotTests<typeof about | typeof week | typeof opinions>;
