import { dataExport, defineApp, groupingWait, integer, json, page, radio, rounds, stored, syncWait, type PlayerApi } from "@/lib/experiment";

const C = { rounds: 3, decisionSeconds: 60, dropoutSeconds: 90, matchingSeconds: 120 } as const;
const POINTS = { cc: 3, cd: 0, dc: 5, dd: 1 } as const;

/** What the code stores per player (typed reads and writes, and the data dictionary's labels). */
export const scores = stored({
  lastPoints: integer({ label: "Points earned in the round" }),
  total: integer({ label: "Points earned in all rounds so far" }),
  timedOutRounds: json<number[]>({ label: "The rounds whose decision time ran out" }),
  partnerLeft: integer({ label: "The round in which the partner dropped out (a bot played their seat from then on)" }),
});

/** A round's decision. Its field types `get(decision, "cooperate")` as a boolean; beforeOnce resets it to null each round, which reads as "defect". */
export const decision = page({
  name: "Decision",
  timeout: C.decisionSeconds,
  fields: { cooperate: radio({ label: "Do you cooperate this round?", choices: [[true, "Cooperate"], [false, "Defect"]] }) },
  beforeOnce: async ({ player }) => {
    await player.watchForDropout("partnerLeft", C.dropoutSeconds);
    // Each round starts without a decision (the field holds the last round's otherwise),
    // so a round without an answer in time has null in its history: "defect". (null is not a
    // value the page's radio stores, so this write goes by name, untyped.)
    await player.set("cooperate", null);
  },
  onTimeout: async ({ player, round }) => {
    const timedOut = (await player.get(scores, "timedOutRounds")) ?? [];
    await player.set(scores, "timedOutRounds", [...timedOut, round ?? 0]);
  },
  render: ({ round, fields }) => (
    <>
      <p className="text-sm text-stone-500">
        Round {round} of {C.rounds}. Both cooperate: {POINTS.cc} each; both defect: {POINTS.dd} each; a defector against a cooperator gets {POINTS.dc}, the
        cooperator {POINTS.cd}. Without a decision in time you defect.
      </p>
      {fields}
    </>
  ),
});

/** A decision not made in time (no answer in that round) counts as defecting. */
const choiceOf = async (p: PlayerApi, round: number | null) => (await p.inRound(round ?? 1).get(decision, "cooperate")) === true;

/** Per round, the decision of every player who reached it (none in time, null, is "defect"), from the field log's round history. */
async function decisionsByRound(players: readonly PlayerApi[]): Promise<boolean[][]> {
  const histories = await Promise.all(players.map((p) => p.history(decision, "cooperate")));
  return Array.from({ length: C.rounds }, (_, r) => histories.map((h) => h[r]).filter((c) => c !== undefined).map((c) => c === true));
}

/**
 * The prisoner's dilemma repeated for three rounds, each round with a new partner never met
 * before (perfect strangers: four players or more), a minute per decision. Nobody waits for
 * ever: whoever finds no new partner within two minutes plays the round against a defecting
 * partner; a partner who drops out is replaced by a stand-in bot.
 */
export default defineApp({
  tests: () => import("./bot-tests"),
  name: "pd_repeated",
  description: "Repeated prisoner's dilemma: 3 rounds with perfect-stranger rematching, a timed decision, a stand-in bot for a dropout",
  suggestedMultiple: 4,
  constants: C,
  stored: { player: scores },
  pages: [
    rounds(
      C.rounds,
      groupingWait({ name: "Matching", size: 2, rematch: "perfectStranger", timeout: { seconds: C.matchingSeconds, then: "proceed", showTimeLeft: true } }),
      decision,
      syncWait({
        name: "WaitForPartner",
        onAllHere: async ({ group, round }) => {
          const members = await group.players();
          const choices = await Promise.all(members.map((m) => choiceOf(m, round)));
          for (const [i, m] of members.entries()) {
            const mine = choices[i]!;
            const theirs = choices[1 - i] ?? false;
            const points = POINTS[`${mine ? "c" : "d"}${theirs ? "c" : "d"}` as keyof typeof POINTS];
            await m.set(scores, "lastPoints", points);
            await m.set(scores, "total", ((await m.get(scores, "total")) ?? 0) + points);
          }
        },
      }),
      page({
        name: "Feedback",
        render: async ({ player, others, round }) => {
          const [partner] = await others();
          const theirs = partner ? await choiceOf(partner, round) : false;
          const note = !partner ? " (no new partner came in time: you played against a defecting one)" : (await player.get(scores, "partnerLeft")) === round ? " (your partner has left the study: a bot played their seat)" : "";
          return (
            <p>
              Round {round}: you chose to {(await choiceOf(player, round)) ? "cooperate" : "defect"}, your partner to {theirs ? "cooperate" : "defect"}
              {note}. You earn {await player.get(scores, "lastPoints")} points.
            </p>
          );
        },
      }),
    ),
    page({ name: "Results", render: async ({ player }) => <p>You earned <strong>{await player.get(scores, "total")}</strong> points over {C.rounds} rounds.</p> }),
  ],
  dropoutHandlers: {
    // The partner is told; a stand-in bot plays the dropout's seat from here (see dropout below).
    partnerLeft: async ({ others, round }) => {
      for (const o of await others()) await o.set(scores, "partnerLeft", round ?? 0);
    },
  },
  // A partner who drops out is replaced by a bot run by the server (the seat's decisions come
  // from bots.Decision and are recorded as the bot's); if they come back, they play on from
  // where the bot got to.
  dropout: { then: "bot", seatBack: true },
  bots: { Decision: ({ rng }) => ({ cooperate: rng() < 0.5 }) },
  exports: {
    cooperation: dataExport({
      description: "The share of cooperating decisions in each round, as text",
      run: async ({ session }) => {
        const lines = (await decisionsByRound(await session.players())).map((choices, r) => `round ${r + 1}: ${choices.filter(Boolean).length} of ${choices.length} decisions cooperated`);
        return `${lines.join("\n")}\n`;
      },
    }),
  },
  digest: async ({ session }) => {
    const byRound = await decisionsByRound(await session.players());
    return (
      <table>
        <thead><tr><th>Round</th><th>Decisions</th><th>Cooperation</th></tr></thead>
        <tbody>
          {byRound.map((choices, r) => (
            <tr key={r}><td>{r + 1}</td><td>{choices.length}</td><td>{choices.length ? `${Math.round((100 * choices.filter(Boolean).length) / choices.length)}%` : "–"}</td></tr>
          ))}
        </tbody>
      </table>
    );
  },
});
