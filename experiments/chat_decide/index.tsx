import { defineApp, groupingWait, integer, page, radio, stored, syncWait, type SessionApi } from "@/lib/experiment";

/** Points for (my choice, the other's choice), as in the prisoner's dilemma: talk is cheap, defecting still pays. */
const POINTS = { cc: 3, cd: 0, dc: 5, dd: 1 } as const;
const key = (mine: boolean, theirs: boolean) => `${mine ? "c" : "d"}${theirs ? "c" : "d"}` as keyof typeof POINTS;

export const results = stored({ payoff: integer({ label: "Points earned" }) });

/** The decision; its field types `get(decide, "cooperate")` (a boolean). */
export const decide = page({
  name: "Decide",
  title: "Your decision",
  fields: { cooperate: radio({ label: "Do you cooperate with your partner?", choices: [[true, "Cooperate"], [false, "Defect"]] }) },
});

/**
 * Chat, then decide: pairs talk in their group's chat (pseudonyms, nothing binding), then
 * each chooses to cooperate or defect. The messages are in the session's chat.csv.
 */
export default defineApp({
  name: "chat_decide",
  description: "Pairs chat, then play a one-shot prisoner's dilemma",
  suggestedMultiple: 2,
  tests: () => import("./bot-tests"),
  stored: { player: results },
  pages: [
    groupingWait({ name: "Matching", size: 2 }),
    page({
      name: "Discuss",
      title: "Talk to your partner",
      chat: { scope: "group", sender: "pseudonym", maxLength: 300, rateLimit: { messages: 5, seconds: 10 } },
      render: ({ chat }) => (
        <>
          <p>
            You are paired with another participant. Next you will each choose, at the same time, to cooperate or defect: if you both cooperate you each earn {POINTS.cc} points, if you
            both defect {POINTS.dd}; a defector facing a cooperator earns {POINTS.dc} and the cooperator {POINTS.cd}. Use the chat to talk it over; nothing said is binding.
            Press Next when you are ready to decide.
          </p>
          {chat}
        </>
      ),
    }),
    decide,
    syncWait({
      name: "WaitForPartner",
      onAllHere: async ({ group }) => {
        const [a, b] = await group.players();
        if (!a || !b) return;
        const [ca, cb] = await Promise.all([a.get(decide, "cooperate"), b.get(decide, "cooperate")]);
        await a.set(results, "payoff", POINTS[key(ca === true, cb === true)]);
        await b.set(results, "payoff", POINTS[key(cb === true, ca === true)]);
      },
    }),
    page({
      name: "Results",
      render: async ({ player, others }) => {
        const [other] = await others();
        const mine = await player.get(decide, "cooperate");
        const theirs = await other?.get(decide, "cooperate");
        return (
          <p>
            You chose to {mine ? "cooperate" : "defect"}; your partner chose to {theirs ? "cooperate" : "defect"}. You earn <strong data-testid="payoff">{await player.get(results, "payoff")}</strong> points.
          </p>
        );
      },
    }),
  ],
  digest: async ({ session }: { session: SessionApi }) => {
    const players = await session.players();
    const choices = await Promise.all(players.map((p) => p.get(decide, "cooperate")));
    const decided = choices.filter((c) => c !== undefined);
    return <p>{decided.length} decisions after the chat; {decided.filter(Boolean).length} cooperated.</p>;
  },
});
