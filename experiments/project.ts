import { defineProject } from "@/lib/experiment";
import hello from "./hello";

/** The researcher's project: configs the admin can run and the admin accounts. */
export default defineProject({
  configs: {
    hello: { apps: [hello], settings: { greeting: "Hello" }, description: "A three-page first study" },
  },
  admins: ["admin"],
});
