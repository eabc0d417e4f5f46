import { add, formatDecimal, formatMinor, multiply, parseDecimal, toMinor, ZERO, type Decimal } from "@/lib/data/money";

const d = (s: string | number) => parseDecimal(s)!;

test("parses decimal text and numbers exactly, refuses the rest", () => {
  expect(d("2.50")).toEqual({ units: 250n, scale: 2 });
  expect(d("-3")).toEqual({ units: -3n, scale: 0 });
  expect(d(1e-7)).toEqual({ units: 1n, scale: 7 });
  expect(d("1.5e3")).toEqual({ units: 1500n, scale: 0 });
  for (const bad of ["", "abc", "1.", ".5", "1,5", Number.NaN, Infinity, "1e999"]) expect(parseDecimal(bad as string)).toBeNull();
});

test("sums of many small payoffs are exact where floats drift", () => {
  let sum: Decimal = ZERO;
  let float = 0;
  for (let i = 0; i < 1000; i++) {
    sum = add(sum, d(0.1));
    float += 0.1;
  }
  expect(float).not.toBe(100);
  expect(formatDecimal(sum)).toBe("100");
  expect(formatMinor(toMinor(multiply(sum, d("0.0333")), 2), 2)).toBe("3.33");
});

test("rounds to the cent: nearest (a half away from zero), up, down", () => {
  expect(toMinor(d("1.005"), 2)).toBe(101n);
  expect(toMinor(d("1.0049"), 2)).toBe(100n);
  expect(toMinor(d("-1.005"), 2)).toBe(-101n);
  expect(toMinor(d("1.001"), 2, "up")).toBe(101n);
  expect(toMinor(d("1.009"), 2, "down")).toBe(100n);
  expect(toMinor(d("-1.001"), 2, "up")).toBe(-100n);
  expect(toMinor(d("-1.001"), 2, "down")).toBe(-101n);
  expect(toMinor(d("7"), 2)).toBe(700n);
});

test("formats minor units and decimals", () => {
  expect(formatMinor(1234n, 2)).toBe("12.34");
  expect(formatMinor(-5n, 2)).toBe("-0.05");
  expect(formatMinor(0n, 2)).toBe("0.00");
  expect(formatDecimal(d("2.500"))).toBe("2.5");
  expect(formatDecimal(d("-0.0"))).toBe("0");
});
