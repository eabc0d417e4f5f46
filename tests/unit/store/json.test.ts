import { InvalidInputError } from "@/lib/errors";
import { encodeJson, jsonProblem, parseJsonObject } from "@/lib/store/json";

describe("field values", () => {
  test("plain JSON is accepted", () => {
    for (const v of [null, 0, -1.5, "", "x", true, [], [1, [2]], { a: { b: [null] } }]) expect(jsonProblem(v)).toBeNull();
  });
  test.each([
    [undefined, "value is undefined"],
    [NaN, "value is NaN"],
    [Infinity, "value is Infinity"],
    [new Date(0), "value is Date"],
    [() => 1, "value is function"],
    [BigInt(1), "value is bigint"],
  ])("%p is refused with a message", (v, message) => expect(jsonProblem(v)).toContain(message));
  test("the message points into nested values", () => expect(jsonProblem({ a: [1, NaN] }, "settings")).toContain("settings.a[1] is NaN"));
  test("encodeJson throws a 400", () => expect(() => encodeJson(new Map())).toThrow(InvalidInputError));
});

describe("parseJsonObject", () => {
  test("parses an object, and blank as {}", () => {
    expect(parseJsonObject('{"a": 1}')).toEqual({ a: 1 });
    expect(parseJsonObject("  ")).toEqual({});
  });
  test("explains invalid JSON", () => expect(() => parseJsonObject("{a:1}")).toThrow(/Settings are not valid JSON/));
  test.each(["[1]", "3", '"x"', "null"])("refuses the non-object %p", (t) => expect(() => parseJsonObject(t)).toThrow(/must be a JSON object/));
});
