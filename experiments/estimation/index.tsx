import { defineApp, integer, page, radio, random, rounds, stored } from "@/lib/experiment";

/** Dot positions that depend only on the count and the round, so a reload shows the same picture. */
function dotPositions(count: number, round: number): [number, number][] {
  let seed = count * 7919 + round * 104729;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return Array.from({ length: count }, () => [8 + next() * 284, 8 + next() * 144]);
}

/** The app's constants: a typed object here, and `constants` in every hook (see defineApp). */
const C = { maxPoints: 10, rounds: 3 } as const;

/** What the code stores per player: the round's dots and points, and the running total. */
export const scores = stored({
  dots: integer({ label: "How many dots the round's picture showed" }),
  points: integer({ label: "Points earned in the round", min: 0, max: C.maxPoints }),
  total: integer({ label: "Points earned in all rounds so far" }),
});

export const estimate = page({
  name: "Estimate",
  fields: { estimate: integer({ label: "How many dots are there?", min: 0, max: 200 }) },
  beforeOnce: async ({ player }) => {
    await player.set(scores, "dots", 30 + Math.floor(Math.random() * 60));
  },
  afterOnce: async ({ player }) => {
    const off = Math.abs(((await player.get(estimate, "estimate")) ?? 0) - ((await player.get(scores, "dots")) ?? 0));
    const points = Math.max(0, C.maxPoints - off);
    await player.set(scores, "points", points);
    await player.set(scores, "total", ((await player.get(scores, "total")) ?? 0) + points);
  },
  render: async ({ player, round, fields }) => {
    const dots = dotPositions((await player.get(scores, "dots")) ?? 0, round ?? 1);
    return (
      <>
        <p className="text-sm text-stone-500">
          Round {round} of {C.rounds}
        </p>
        <svg viewBox="0 0 300 160" className="w-full rounded-lg border border-stone-200 bg-stone-50" role="img" aria-label="A picture of dots">
          {dots.map(([x, y], i) => (
            <circle key={i} cx={x} cy={y} r="3.5" className="fill-emerald-700" />
          ))}
        </svg>
        {fields}
      </>
    );
  },
});

/** Three rounds of estimating a number of dots (points for accuracy), then two questions in random order. */
export default defineApp({
  tests: () => import("./bot-tests"),
  name: "estimation",
  description: "Estimate the number of dots, three rounds; then two choice questions in random order",
  constants: C,
  stored: { player: scores },
  pages: [
    page({
      name: "Instructions",
      render: () => (
        <p>
          In each of {C.rounds} rounds you see a picture of dots and estimate how many there are. An exact estimate earns {C.maxPoints} points; each dot you are off
          costs one point.
        </p>
      ),
    }),
    rounds(
      C.rounds,
      estimate,
      page({
        name: "Feedback",
        render: async ({ player, round }) => (
          <p>
            Round {round}: there were {await player.get(scores, "dots")} dots and you said {await player.get(estimate, "estimate")}. You earn{" "}
            {await player.get(scores, "points")} points.
          </p>
        ),
      }),
    ),
    random(
      page({ name: "Risk", fields: { lottery: radio({ label: "Which do you prefer?", choices: [[true, "A 50% chance of 20 points"], [false, "10 points for sure"]] }) } }),
      page({ name: "Patience", fields: { wait: radio({ label: "Which do you prefer?", choices: [[false, "10 points today"], [true, "12 points in a week"]] }) } }),
    ),
    page({
      name: "Results",
      render: async ({ player }) => <p>You earned {await player.get(scores, "total")} points in the estimation rounds. Thank you!</p>,
    }),
  ],
  bots: {
    // An estimate near a typical count, so bots score some points.
    Estimate: ({ rng }) => ({ estimate: 40 + Math.floor(rng() * 40) }),
  },
});
