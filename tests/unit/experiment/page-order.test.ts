import { between, bracket, defineApp, logic, page, random, repeat, rounds } from "@/lib/experiment";
import { expandApp, fixedOrderLength, parseEntry, repeatPass } from "@/lib/experiment/page-order";

/** A deterministic RNG (mulberry32), so expansions can be compared exactly. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const p = (name: string) => page({ name });

test("plain pages and logic pages keep their order", () => {
  const app = defineApp({ name: "a", pages: [p("One"), logic({ name: "L", run: () => {} }), p("Two")] });
  expect(expandApp(app, Math.random)).toEqual(["a/One", "a/L", "a/Two"]);
});

test("rounds() unrolls its pages n times with the round number", () => {
  const app = defineApp({ name: "a", pages: [p("Intro"), rounds(3, p("Decide"), p("Result")), p("End")] });
  expect(expandApp(app, Math.random)).toEqual(["a/Intro", "a/Decide@1", "a/Result@1", "a/Decide@2", "a/Result@2", "a/Decide@3", "a/Result@3", "a/End"]);
});

test("nested rounds carry the innermost round", () => {
  const app = defineApp({ name: "a", pages: [rounds(2, p("Block"), rounds(2, p("Trial")))] });
  expect(expandApp(app, Math.random)).toEqual(["a/Block@1", "a/Trial@1", "a/Trial@2", "a/Block@2", "a/Trial@1", "a/Trial@2"]);
});

test("random() shuffles units per player, keeping brackets together; every order appears", () => {
  const app = defineApp({ name: "a", pages: [random(p("X"), p("Y"), bracket(p("Z1"), p("Z2")))] });
  const seen = new Set<string>();
  for (let seed = 0; seed < 200; seed++) {
    const order = expandApp(app, seeded(seed));
    expect([...order].sort()).toEqual(["a/X", "a/Y", "a/Z1", "a/Z2"]);
    expect(order.indexOf("a/Z2")).toBe(order.indexOf("a/Z1") + 1);
    seen.add(order.join(","));
  }
  expect(seen.size).toBe(6);
});

test("between() keeps exactly one unit per player, each about equally often", () => {
  const app = defineApp({ name: "a", pages: [between(bracket(p("A1"), p("A2")), p("B"), p("C")), p("End")] });
  const counts: Record<string, number> = {};
  for (let seed = 0; seed < 3000; seed++) {
    const order = expandApp(app, seeded(seed));
    expect(order.at(-1)).toBe("a/End");
    const chosen = order.slice(0, -1).join("+");
    expect(["a/A1+a/A2", "a/B", "a/C"]).toContain(chosen);
    counts[chosen] = (counts[chosen] ?? 0) + 1;
  }
  for (const n of Object.values(counts)) expect(n).toBeGreaterThan(850);
});

test("repeat() expands its first pass and a marker; the next pass is made on demand", () => {
  const loop = repeat({ while: () => true, max: 5 }, p("Guess"), random(p("H1"), p("H2")));
  const app = defineApp({ name: "a", pages: [p("Intro"), loop, p("End")] });
  const order = expandApp(app, seeded(1));
  expect(order[0]).toBe("a/Intro");
  expect(order.slice(1, 4).sort()).toEqual(["a/Guess@1", "a/H1@1", "a/H2@1"]);
  expect(order.slice(4)).toEqual(["a/#repeat0@1", "a/End"]);
  expect(repeatPass(app, 0, 2, seeded(2)).at(-1)).toBe("a/#repeat0@2");
  expect(parseEntry("a/#repeat0@2")).toEqual({ app: "a", name: "#repeat0", round: 2 });
  expect(parseEntry("a/Intro")).toEqual({ app: "a", name: "Intro", round: null });
});

describe("how long every page order is, when chance and play do not decide it", () => {
  const app = (...pages: Parameters<typeof defineApp>[0]["pages"]) => defineApp({ name: "a", pages });

  test("pages, logic pages, rounds, brackets and random() (which only reorders) have a fixed length", () => {
    const fixed = app(p("Intro"), logic({ name: "L", run: () => {} }), rounds(3, p("Decide"), p("Result")), random(p("X"), bracket(p("Y1"), p("Y2"))));
    expect(fixedOrderLength([fixed, app(p("End"))])).toBe(1 + 1 + 6 + 3 + 1);
    expect(fixedOrderLength([fixed])).toBe(expandApp(fixed, Math.random).length);
  });

  test("between() of equal lengths is fixed; of unequal lengths, or repeat(), is not", () => {
    expect(fixedOrderLength([app(between(p("A"), p("B")))])).toBe(1);
    expect(fixedOrderLength([app(between(p("A"), bracket(p("B1"), p("B2"))))])).toBeNull();
    expect(fixedOrderLength([app(p("A")), app(repeat({ while: () => false }, p("Loop")))])).toBeNull();
  });
});
