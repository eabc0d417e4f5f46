import { VISIT_QUALITY_COLUMNS, visitQualityCells } from "@/lib/data/quality-export";

test("a visit's signals become the export's cells: sums over fields, seconds, the key pace weighted by keys", () => {
  const signals = JSON.stringify({
    source: "browser", ms: 12345, firstInputMs: 1500, paste: { a: { count: 1, chars: 10 }, b: { count: 2, chars: 5 } }, hidden: { count: 1, ms: 999 },
    typing: { a: { typed: 11, final: 21, meanKeyMs: 100 }, b: { typed: 3, final: 8, meanKeyMs: 400 }, c: { typed: 1, final: 1, meanKeyMs: null } }, window: { width: 400, height: 700 }, pointer: "touch",
  });
  const cells = Object.fromEntries(VISIT_QUALITY_COLUMNS.map((c, i) => [c, visitQualityCells(signals, '["paste","hidden"]')[i]]));
  // (100 × 10 keys apart + 400 × 2) / 12
  expect(cells).toEqual({ signals: "browser", flags: "paste hidden", browserSeconds: 12.345, firstInputSeconds: 1.5, pastes: 3, pastedChars: 15, hiddenCount: 1, hiddenSeconds: 0.999, typedChars: 15, finalChars: 30, meanKeyMs: 150, windowWidth: 400, windowHeight: 700, pointer: "touch" });
});

test("without signals only the flags are filled", () => {
  expect(visitQualityCells(null, '["fast"]')).toEqual([null, "fast", ...VISIT_QUALITY_COLUMNS.slice(2).map(() => null)]);
  expect(visitQualityCells('{"source":"none"}', null).slice(0, 3)).toEqual(["none", "", null]);
});
