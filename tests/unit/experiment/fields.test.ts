import { formValueOf, integer, parseField, radio, string } from "@/lib/experiment";

describe("string fields", () => {
  const f = string({ label: "Name", minLength: 2, maxLength: 5 });
  test("accept text within the bounds, keeping it as typed", () => expect(parseField(f, " abc")).toEqual({ ok: true, value: " abc" }));
  test("are required unless optional", () => {
    expect(parseField(f, "")).toEqual({ ok: false, error: "This field is required." });
    expect(parseField(f, "   ")).toMatchObject({ ok: false });
    expect(parseField(f, undefined)).toMatchObject({ ok: false });
    expect(parseField(string({ label: "x", optional: true }), "")).toEqual({ ok: true, value: null });
  });
  test("enforce min and max length", () => {
    expect(parseField(f, "a")).toEqual({ ok: false, error: "Please enter at least 2 characters." });
    expect(parseField(f, "abcdef")).toEqual({ ok: false, error: "Please enter at most 5 characters." });
  });
});

describe("integer fields", () => {
  const f = integer({ label: "Age", min: 18, max: 99 });
  test("parse whole numbers", () => {
    expect(parseField(f, "42")).toEqual({ ok: true, value: 42 });
    expect(parseField(f, " +18 ")).toEqual({ ok: true, value: 18 });
  });
  test.each(["abc", "4.5", "1e3", "0x10", "--1"])("refuse %p", (raw) =>
    expect(parseField(f, raw)).toEqual({ ok: false, error: "Please enter a whole number." }),
  );
  test("enforce bounds", () => {
    expect(parseField(f, "17")).toEqual({ ok: false, error: "Please enter a number of at least 18." });
    expect(parseField(f, "100")).toEqual({ ok: false, error: "Please enter a number of at most 99." });
  });
  test("refuse numbers beyond safe integers", () => expect(parseField(integer({ label: "n" }), "99999999999999999999")).toMatchObject({ ok: false }));
});

describe("radio fields", () => {
  const f = radio({ label: "Cooperate?", choices: [[true, "Yes"], [false, "No"]] });
  test("store the choice's typed value", () => {
    expect(parseField(f, "0")).toEqual({ ok: true, value: true });
    expect(parseField(f, "1")).toEqual({ ok: true, value: false });
  });
  test.each(["2", "-1", "true", "Yes", "0.0"])("refuse %p", (raw) => expect(parseField(f, raw)).toMatchObject({ ok: false }));
  test("map stored values back to the chosen input", () => {
    expect(formValueOf(f, false)).toBe("1");
    expect(formValueOf(f, "other")).toBe("");
    expect(formValueOf(f, undefined)).toBe("");
  });
});
