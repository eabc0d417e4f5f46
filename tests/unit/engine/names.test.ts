import { nameProblem, newPlayerName, NAME_PATTERN } from "@/lib/engine/core/names";

test("generated player names are long, URL-safe and distinct", () => {
  const names = new Set(Array.from({ length: 10_000 }, newPlayerName));
  expect(names.size).toBe(10_000);
  for (const n of names) expect(n).toMatch(/^[a-z2-9]{16}$/);
});

test("custom names are checked", () => {
  expect(nameProblem("lab-1.A_b", "Player name")).toBeNull();
  for (const bad of ["", "a b", "a/b", "ä", "-a", "x".repeat(65), "<script>"]) {
    expect(NAME_PATTERN.test(bad)).toBe(false);
    expect(nameProblem(bad, "Player name")).toMatch(/^Player name ".*" is not allowed/);
  }
});
