import { defineProject } from "@/lib/experiment";
import estimation from "./estimation";
import hello from "./hello";
import survey from "./survey";

/** The researcher's project: configs the admin can run (apps played in order) and the admin accounts. */
export default defineProject({
  configs: {
    hello: { apps: [hello], settings: { greeting: "Hello" }, description: "A three-page first study" },
    survey: { apps: [survey], description: "A survey with every kind of question" },
    estimation: { apps: [estimation], description: "Rounds of estimation, then two questions in random order" },
  },
  admins: ["admin"],
});
