import { MAX_POINTS, timelineOf } from "@/lib/data/progress";
import { parsePlayerList } from "@/lib/data/player-views";

const T0 = Date.parse("2026-01-01T10:00:00.000Z");

test("the timeline starts at zero just before the first start and counts starts and finishes cumulatively", () => {
  const points = timelineOf([T0 + 200, T0 + 1500, T0 + 1600], [T0 + 2500]);
  expect(points[0]).toEqual({ at: new Date(T0 - 1000).toISOString(), started: 0, finished: 0 });
  expect(points.slice(1)).toEqual([
    { at: new Date(T0 + 1000).toISOString(), started: 1, finished: 0 },
    { at: new Date(T0 + 2000).toISOString(), started: 3, finished: 0 },
    { at: new Date(T0 + 3000).toISOString(), started: 3, finished: 1 },
  ]);
});

test("a long study keeps to at most MAX_POINTS buckets of whole seconds, and nobody started is no timeline", () => {
  const starts = Array.from({ length: 5000 }, (_, i) => T0 + i * 7_919);
  const points = timelineOf(starts, starts.map((s) => s + 600_000));
  expect(points.length).toBeLessThanOrEqual(MAX_POINTS + 2);
  expect(points.at(-1)).toMatchObject({ started: 5000, finished: 5000 });
  expect(points.every((p) => Date.parse(p.at) % 1000 === 0)).toBe(true);
  expect(timelineOf([], [])).toEqual([]);
});

test("the timeline runs on to `until` with the counts it reached", () => {
  const points = timelineOf([T0], [T0 + 500], T0 + 10_000);
  expect(Date.parse(points.at(-1)!.at)).toBeGreaterThan(T0 + 10_000);
  expect(points.at(-1)).toMatchObject({ started: 1, finished: 1 });
  expect(points.length).toBeLessThanOrEqual(MAX_POINTS + 2);
});

test("a multiview address names each player once, in order", () => {
  expect(parsePlayerList("a, b,,a,c")).toEqual(["a", "b", "c"]);
  expect(parsePlayerList(["a,b", "c"])).toEqual(["a", "b", "c"]);
  expect(parsePlayerList(undefined)).toEqual([]);
});
