import { defineProject } from "@/lib/experiment";
import chatDecide from "./chat_decide";
import estimation from "./estimation";
import hello from "./hello";
import market from "./market";
import pdRepeated from "./pd_repeated";
import prisonersDilemma from "./prisoners_dilemma";
import publicGoods from "./public_goods";
import survey from "./survey";
import trust from "./trust";

/** The researcher's project: configs the admin can run (apps played in order) and the admin accounts. */
export default defineProject({
  configs: {
    hello: { apps: [hello], settings: { greeting: "Hello" }, description: "A three-page first study" },
    survey: { apps: [survey], description: "A survey with every kind of question" },
    estimation: { apps: [estimation], description: "Rounds of estimation, then two questions in random order" },
    prisoners_dilemma: { apps: [prisonersDilemma], description: "One-shot prisoner's dilemma in pairs" },
    pd_repeated: { apps: [pdRepeated], description: "Prisoner's dilemma, 3 rounds with a new partner each round (perfect strangers), timed decisions, a stand-in bot for a dropout" },
    public_goods: { apps: [publicGoods], description: "Public goods game in groups of three (of two after a 5-minute wait)" },
    trust: { apps: [trust], description: "Trust game in pairs" },
    market: { apps: [market], description: "Double auction, two buyers and two sellers matched by role (live trading)" },
    chat_decide: { apps: [chatDecide], description: "Pairs chat in their group's channel, then play a one-shot prisoner's dilemma" },
  },
  admins: ["admin"],
  // One link for a whole lab: /room/lab/ starts a "hello" session with the first participant.
  rooms: { lab: { config: "hello" } },
});
