import { normalizeValidation } from "@/lib/engine/participant/validation";

test.each([
  [undefined, null],
  [null, null],
  ["", null],
  [[], null],
  [{ a: "" }, null],
  ["Too much", { errors: {}, pageErrors: ["Too much"] }],
  [["One", "Two"], { errors: {}, pageErrors: ["One", "Two"] }],
  [{ a: "Too high", b: ["Too", "low"] }, { errors: { a: "Too high", b: "Too low" }, pageErrors: [] }],
  [{ total: "Must add up" }, { errors: {}, pageErrors: ["Must add up"] }],
])("validate returning %j means %j", (result, expected) => expect(normalizeValidation(result as never, ["a", "b"])).toEqual(expected));
