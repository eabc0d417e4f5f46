import { checkboxes, integer, page, radio } from "@/lib/experiment";
import { failedAttentionChecks, visitFlags } from "@/lib/engine/quality/flags";

test("each flag has its own plain rule", () => {
  const none = { seconds: 10, minSeconds: null, attentionFailed: false };
  expect(visitFlags({ source: "browser" }, none)).toEqual([]);
  expect(visitFlags({ source: "browser", paste: { a: { count: 0, chars: 0 }, b: { count: 1, chars: 9 } } }, none)).toEqual(["paste"]);
  expect(visitFlags({ source: "browser", hidden: { count: 2, ms: 10 } }, none)).toEqual(["hidden"]);
  expect(visitFlags({ source: "browser", hidden: { count: 0, ms: 0 } }, none)).toEqual([]);
  expect(visitFlags({ source: "none" }, { seconds: 2.9, minSeconds: 3, attentionFailed: false })).toEqual(["fast"]);
  expect(visitFlags({ source: "none" }, { seconds: 3, minSeconds: 3, attentionFailed: false })).toEqual([]);
  // Switched off (null signals): the declared checks still count.
  expect(visitFlags(null, { seconds: 1, minSeconds: 3, attentionFailed: true })).toEqual(["fast", "attention"]);
});

test("a bot raises no flags, so tests do not pollute the figures", () => {
  expect(visitFlags({ source: "bot" }, { seconds: 0, minSeconds: 3, attentionFailed: true })).toEqual([]);
});

test("attention checks compare the stored answer with the expected one, as JSON", () => {
  const p = page({
    name: "P",
    fields: {
      pick: radio({ label: "Pick blue", choices: ["red", "blue"], attention: { expected: "blue", onFail: "screenOut" } }),
      n: integer({ label: "Type 3", attention: { expected: 3 } }),
      many: checkboxes({ label: "Tick a and c", choices: ["a", "b", "c"], attention: { expected: ["a", "c"] } }),
      free: integer({ label: "Any" }),
    },
  });
  expect(failedAttentionChecks(p, { pick: "blue", n: 3, many: ["a", "c"], free: 1 })).toEqual([]);
  expect(failedAttentionChecks(p, { pick: "red", n: 4, many: ["a"], free: 1 })).toEqual([
    { field: "pick", onFail: "screenOut" },
    { field: "n", onFail: "flag" },
    { field: "many", onFail: "flag" },
  ]);
  // Left empty (an optional field stores null) is not the expected answer.
  expect(failedAttentionChecks(p, { pick: null, n: 3, many: ["a", "c"] })).toEqual([{ field: "pick", onFail: "screenOut" }]);
});
