import { z } from "zod";
import { dataExport, defineApp, float, groupingWait, integer, page, pipeline, stored, syncWait } from "@/lib/experiment";

const C = { groupSize: 3, endowment: 100, multiplier: 1.8 } as const;

/** What the code stores: each player's points, each group's pot. */
export const results = stored({
  payoff: float({ label: "Points earned (kept, plus the share, plus any bonus)" }),
  bonus: float({ label: "Bonus points added by the bonus pipeline" }),
});
const pot = stored({ total: integer({ label: "Points the group put into the pot" }), share: float({ label: "Each member's share of the multiplied pot" }) });

/** The contribution; its field types `get(contribute, "contribution")` (a number). */
export const contribute = page({
  name: "Contribute",
  fields: { contribution: integer({ label: `How many of your ${C.endowment} points do you put into the group pot?`, min: 0, max: C.endowment }) },
  render: async ({ fields, others }) => (
    <>
      <p>
        You and {(await others()).length === 1 ? "one other" : `${(await others()).length} others`} each have {C.endowment} points. What the group puts into the pot
        is multiplied by {C.multiplier} and shared equally among all of you; what you keep is yours.
      </p>
      {fields}
    </>
  ),
});

/** A public goods game: groups of three (two when nobody else comes within five minutes) contribute to a pot that is multiplied and shared equally. */
export default defineApp({
  tests: () => import("./bot-tests"),
  name: "public_goods",
  description: "Public goods game: groups of 3, endowment 100, multiplier 1.8",
  suggestedMultiple: C.groupSize,
  constants: C,
  stored: { player: results, group: pot },
  pages: [
    // Nobody waits for ever: after five minutes whoever waits plays in a group of two, or,
    // alone, is thanked and let go.
    groupingWait({
      name: "Grouping",
      size: C.groupSize,
      timeout: { seconds: 300, then: "smallerGroup", minSize: 2, otherwise: { end: "Not enough participants came at the same time. Thank you for waiting." }, showTimeLeft: true },
    }),
    contribute,
    syncWait({
      name: "WaitForGroup",
      onAllHere: async ({ group }) => {
        const members = await group.players();
        const contributions = await Promise.all(members.map(async (m) => (await m.get(contribute, "contribution")) ?? 0));
        const total = contributions.reduce((a, b) => a + b, 0);
        const share = Math.round((total * C.multiplier * 100) / members.length) / 100;
        await group.set(pot, "total", total);
        await group.set(pot, "share", share);
        for (const [i, m] of members.entries()) await m.set(results, "payoff", Math.round((C.endowment - contributions[i]! + share) * 100) / 100);
      },
    }),
    page({
      name: "Results",
      render: async ({ player, group }) => (
        <p>
          Your group put {await group?.get(pot, "total")} points into the pot; each of you receives {await group?.get(pot, "share")}. You contributed{" "}
          {await player.get(contribute, "contribution")} and earn <strong>{await player.get(results, "payoff")}</strong> points
          {(await player.get(results, "bonus")) ? `, including a bonus of ${await player.get(results, "bonus")}` : ""}.
        </p>
      ),
    }),
  ],
  exports: {
    contributions: dataExport({
      description: "One row per player who contributed: their group, contribution and payoff",
      run: async ({ session }) => {
        const rows = await Promise.all(
          (await session.players()).map(async (p) => ({ player: p.name, group: (await p.get("group")) ?? null, contribution: (await p.get(contribute, "contribution")) ?? null, payoff: (await p.get(results, "payoff")) ?? null })),
        );
        return rows.filter((r) => r.contribution !== null);
      },
    }),
    bonus: pipeline({
      description: "Adds a bonus to the payoff of every player who has one (e.g. a show-up fee); the Results page shows it",
      input: z.object({ points: z.number().min(0).max(1000) }).strict(),
      run: async ({ session, input }) => {
        const paid = [];
        for (const p of await session.players()) {
          const payoff = await p.get(results, "payoff");
          if (payoff === undefined) continue;
          const before = (await p.get(results, "bonus")) ?? 0;
          await p.set(results, "bonus", before + input.points);
          await p.set(results, "payoff", Math.round((payoff + input.points) * 100) / 100);
          paid.push({ player: p.name, bonus: before + input.points, payoff: Math.round((payoff + input.points) * 100) / 100 });
        }
        return paid;
      },
    }),
  },
  digest: async ({ session }) => {
    const players = await session.players();
    const contributions = (await Promise.all(players.map((p) => p.get(contribute, "contribution")))).filter((c): c is number => typeof c === "number");
    const mean = contributions.length ? contributions.reduce((a, b) => a + b, 0) / contributions.length : 0;
    return (
      <p>
        {contributions.length} of {players.length} players contributed, on average {mean.toFixed(1)} of {C.endowment} points.
      </p>
    );
  },
});
