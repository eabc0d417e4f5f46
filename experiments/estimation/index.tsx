import { defineApp, integer, page, radio, random, rounds } from "@/lib/experiment";
import tests from "./bot-tests";

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

/** Three rounds of estimating a number of dots (points for accuracy), then two questions in random order. */
export default defineApp({
  tests,
  name: "estimation",
  description: "Estimate the number of dots, three rounds; then two choice questions in random order",
  constants: C,
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
      page({
        name: "Estimate",
        fields: { estimate: integer({ label: "How many dots are there?", min: 0, max: 200 }) },
        beforeOnce: async ({ player }) => {
          await player.set("dots", 30 + Math.floor(Math.random() * 60));
        },
        afterOnce: async ({ player }) => {
          const off = Math.abs(Number(await player.get("estimate")) - Number(await player.get("dots")));
          const points = Math.max(0, C.maxPoints - off);
          await player.set("points", points);
          await player.set("total", Number((await player.get("total")) ?? 0) + points);
        },
        render: async ({ player, round, fields }) => {
          const dots = dotPositions(Number(await player.get("dots")), round ?? 1);
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
      }),
      page({
        name: "Feedback",
        render: async ({ player, round }) => (
          <p>
            Round {round}: there were {await player.get<number>("dots")} dots and you said {await player.get<number>("estimate")}. You earn{" "}
            {await player.get<number>("points")} points.
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
      render: async ({ player }) => <p>You earned {await player.get<number>("total")} points in the estimation rounds. Thank you!</p>,
    }),
  ],
  bots: {
    // An estimate near a typical count, so bots score some points.
    Estimate: ({ rng }) => ({ estimate: 40 + Math.floor(rng() * 40) }),
  },
});
