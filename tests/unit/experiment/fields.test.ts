import { boolean, checkboxes, date, decimal, email, float, formValueOf, integer, likert, parseField, radio, randomValidValue, range, select, string, textarea, type Field } from "@/lib/experiment";

const CONTROL = "This answer contains invisible control characters (such as NUL). Please retype it.";

type Case = [raw: string | string[] | undefined, expected: unknown];
const ok = (raw: Case[0], value: unknown): Case => [raw, { ok: true, value }];
const no = (raw: Case[0], error: string): Case => [raw, { ok: false, error }];

const table: [string, Field, Case[]][] = [
  ["string", string({ label: "x", minLength: 2, maxLength: 5 }), [ok(" ab", " ab"), no("", "This field is required."), no("   ", "This field is required."), no("a", "Please enter at least 2 characters."), no("abcdef", "Please enter at most 5 characters."), no("a\u0000b", CONTROL), no("ab\u001b[0m", CONTROL), ok("a\tb", "a\tb")]],
  ["textarea", textarea({ label: "x", maxLength: 6 }), [ok("a\nb", "a\nb"), ok("a\r\nb", "a\r\nb"), no("nul\u0000", CONTROL), no("\u007f", CONTROL), no(undefined, "This field is required."), no("1234567", "Please enter at most 6 characters.")]],
  ["integer", integer({ label: "x", min: 18, max: 99 }), [ok("42", 42), ok(" +18 ", 18), no("abc", "Please enter a whole number."), no("4.5", "Please enter a whole number."), no("1e3", "Please enter a whole number."), no("17", "Please enter a number of at least 18."), no("100", "Please enter a number of at most 99."), no("99999999999999999999", "This number is too large.")]],
  ["integer step", integer({ label: "x", min: 1, step: 3 }), [ok("7", 7), no("6", "Please enter a value in steps of 3 from 1.")]],
  ["float", float({ label: "x", min: -1, max: 1 }), [ok("0.5", 0.5), ok("-.25", -0.25), ok("1", 1), no("1,5", "Please enter a number."), no("NaN", "Please enter a number."), no("Infinity", "Please enter a number."), no("1.01", "Please enter a number of at most 1.")]],
  ["float step", float({ label: "x", step: 0.1 }), [ok("0.3", 0.3), no("0.35", "Please enter a value in steps of 0.1.")]],
  ["decimal", decimal({ label: "x", places: 2, min: 0, max: "10.5" }), [ok("3", "3.00"), ok("3,5", "3.50"), ok("10.50", "10.50"), ok("007.1", "7.10"), ok("2.500", "2.50"), no("10.51", "Please enter a number of at most 10.5."), no("-0.01", "Please enter a number of at least 0."), no("1.234", "Please use at most 2 decimal places."), no("1.2.3", "Please enter a number."), no(".", "Please enter a number.")]],
  ["decimal places 0", decimal({ label: "x", places: 0 }), [ok("12", "12"), no("1.5", "Please enter a whole number.")]],
  ["boolean required", boolean({ label: "x" }), [ok("1", true), no(undefined, "Please tick this box to continue.")]],
  ["boolean optional", boolean({ label: "x", optional: true }), [ok("1", true), ok(undefined, false)]],
  ["radio", radio({ label: "x", choices: [[true, "Yes"], [false, "No"]] }), [ok("0", true), ok("1", false), no("2", "Please choose one of the options."), no("true", "Please choose one of the options."), no("", "Please choose one of the options.")]],
  ["select", select({ label: "x", choices: ["a", { b: 1 }] }), [ok("0", "a"), ok("1", { b: 1 }), no("", "Please choose one of the options."), no("-1", "Please choose one of the options.")]],
  ["checkboxes", checkboxes({ label: "x", choices: [1, 2, 3], min: 2, max: 2 }), [ok(["2", "0"], [1, 3]), ok(["0", "0", "1"], [1, 2]), no(["0"], "Please choose at least 2 options."), no(["0", "1", "2"], "Please choose at most 2 options."), no(["0", "7"], "Please choose from the options shown."), no(undefined, "Please choose at least 2 options.")]],
  ["checkboxes optional", checkboxes({ label: "x", choices: ["a"], optional: true }), [ok(undefined, []), ok("0", ["a"])]],
  ["likert", likert({ label: "x", min: 1, max: 7 }), [ok("7", 7), no("0", "Please choose one of the options."), no("8", "Please choose one of the options."), no("3.5", "Please choose one of the options.")]],
  ["range", range({ label: "x", min: 0, max: 10, step: 2.5 }), [ok("7.5", 7.5), no("11", "Please enter a number of at most 10."), no("3", "Please enter a value in steps of 2.5."), no("x", "Please choose a value on the scale.")]],
  ["date", date({ label: "x", min: "2000-01-01", max: "2030-12-31" }), [ok("2024-02-29", "2024-02-29"), no("2023-02-29", "Please enter a date as YYYY-MM-DD."), no("24-02-01", "Please enter a date as YYYY-MM-DD."), no("1999-12-31", "Please enter a date on or after 2000-01-01."), no("2031-01-01", "Please enter a date on or before 2030-12-31.")]],
  ["email", email({ label: "x" }), [ok(" a.b@example.org ", "a.b@example.org"), no("a@b", "Please enter an e-mail address like name@example.org."), no("a b@c.de", "Please enter an e-mail address like name@example.org."), no("@c.de", "Please enter an e-mail address like name@example.org.")]],
  ["optional integer", integer({ label: "x", optional: true }), [ok("", null), ok(undefined, null), no("x", "Please enter a whole number.")]],
  ["string without maxLength", string({ label: "x" }), [ok("y".repeat(1000), "y".repeat(1000)), no("y".repeat(1001), "Please enter at most 1000 characters.")]],
  ["textarea without maxLength", textarea({ label: "x" }), [no("y".repeat(20_001), "Please enter at most 20000 characters.")]],
  ["date with only a late min", date({ label: "x", min: "2030-01-01" }), [ok("2031-05-05", "2031-05-05"), no("2029-12-31", "Please enter a date on or after 2030-01-01.")]],
  ["integer with only a negative max", integer({ label: "x", max: -10 }), [ok("-11", -11), no("-9", "Please enter a number of at most -10.")]],
];

describe.each(table)("%s fields", (_kind, field, cases) => {
  test.each(cases)("%j → %j", (raw, expected) => expect(parseField(field, raw)).toEqual(expected));
});

describe("random valid values (what bots submit)", () => {
  test.each(table)("%s: always accepted, and stored as generated after a form round-trip", (_kind, field) => {
    for (let i = 0; i < 300; i++) {
      const value = randomValidValue(field);
      const parsed = parseField(field, formValueOf(field, value));
      expect(parsed).toMatchObject({ ok: true });
      if (field.kind !== "checkboxes" && field.kind !== "decimal") expect((parsed as { value: unknown }).value).toEqual(value);
    }
  });
});

describe("formValueOf", () => {
  test("maps typed choices back to their inputs", () => {
    const f = radio({ label: "x", choices: [[true, "Yes"], [false, "No"]] });
    expect(formValueOf(f, false)).toBe("1");
    expect(formValueOf(f, "other")).toBe("");
    expect(formValueOf(checkboxes({ label: "x", choices: ["a", "b", "c"] }), ["c", "a"])).toEqual(["0", "2"]);
    expect(formValueOf(boolean({ label: "x" }), true)).toBe("1");
    expect(formValueOf(integer({ label: "x" }), undefined)).toBe("");
  });
});
