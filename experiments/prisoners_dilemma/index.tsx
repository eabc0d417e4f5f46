import { defineApp, groupingWait, integer, page, radio, stored, syncWait, type SessionApi } from "@/lib/experiment";

/** Points for (my choice, the other's choice): both cooperate 3, both defect 1, a defector beats a cooperator 5 to 0. */
const POINTS = { cc: 3, cd: 0, dc: 5, dd: 1 } as const;
const key = (mine: boolean, theirs: boolean) => `${mine ? "c" : "d"}${theirs ? "c" : "d"}` as keyof typeof POINTS;

/** What the code stores for each player; `get(results, "payoff")` is a number. */
export const results = stored({ payoff: integer({ label: "Points earned" }) });

/** The decision; its field types `get(dilemma, "cooperate")` (a boolean) wherever it is read. */
export const dilemma = page({
  name: "Dilemma",
  title: "Your decision",
  fields: { cooperate: radio({ label: "Do you cooperate with the other participant?", choices: [[true, "Cooperate"], [false, "Defect"]] }) },
  render: ({ fields }) => (
    <>
      <p>You are paired with another participant. If you both cooperate, you each earn {POINTS.cc} points; if you both defect, {POINTS.dd} each. If one defects while the other cooperates, the defector earns {POINTS.dc} and the cooperator {POINTS.cd}.</p>
      {fields}
    </>
  ),
});

/** The one-shot prisoner's dilemma for pairs. */
export default defineApp({
  tests: () => import("./bot-tests"),
  name: "prisoners_dilemma",
  description: "Prisoner's dilemma: pairs choose to cooperate or defect",
  suggestedMultiple: 2,
  stored: { player: results },
  pages: [
    groupingWait({ name: "Matching", size: 2 }),
    dilemma,
    syncWait({
      name: "WaitForPartner",
      onAllHere: async ({ group }) => {
        const members = await group.players();
        const choices = await Promise.all(members.map((m) => m.get(dilemma, "cooperate")));
        for (const [i, m] of members.entries()) await m.set(results, "payoff", POINTS[key(choices[i] === true, choices[1 - i] === true)]);
      },
    }),
    page({
      name: "Results",
      render: async ({ player, others }) => {
        const [other] = await others();
        const mine = await player.get(dilemma, "cooperate");
        const theirs = await other?.get(dilemma, "cooperate");
        return (
          <p>
            You chose to {mine ? "cooperate" : "defect"}; the other participant chose to {theirs ? "cooperate" : "defect"}. You earn <strong>{await player.get(results, "payoff")}</strong> points.
          </p>
        );
      },
    }),
  ],
  digest: async ({ session }: { session: SessionApi }) => {
    const players = await session.players();
    const rows = await Promise.all(players.map(async (p) => [p.name, await p.get(dilemma, "cooperate"), await p.get(results, "payoff")] as const));
    const decided = rows.filter(([, c]) => c !== undefined);
    const share = decided.length ? Math.round((100 * decided.filter(([, c]) => c).length) / decided.length) : 0;
    return (
      <>
        <p>{decided.length} decisions; {share}% cooperated.</p>
        <table>
          <thead><tr><th>Player</th><th>Choice</th><th>Payoff</th></tr></thead>
          <tbody>{rows.map(([name, c, pay]) => <tr key={name}><td>{name}</td><td>{c === undefined ? "–" : c ? "cooperate" : "defect"}</td><td>{pay ?? "–"}</td></tr>)}</tbody>
        </table>
      </>
    );
  },
});
