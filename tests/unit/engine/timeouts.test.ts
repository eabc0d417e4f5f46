import { DEADLINE_TOLERANCE_MS, isDue } from "@/lib/engine/participant/timeouts";

// On a clock the test sets: where a submission near a deadline counts as timed out.
const dueAt = new Date("2026-01-01T12:00:00Z");
const at = (msFromDeadline: number) => dueAt.getTime() + msFromDeadline;
const open = { dueAt, firedAt: null };

test("a click before the deadline is ordinary, however close; from the deadline on it is the timeout's", () => {
  expect(isDue(open, false, at(-500))).toBe(false);
  expect(isDue(open, false, at(-1))).toBe(false);
  expect(isDue(open, false, at(0))).toBe(true);
  expect(isDue(open, false, at(2000))).toBe(true);
});

test("the page's own auto-submit counts as at the deadline up to the tolerance before it, not earlier", () => {
  expect(DEADLINE_TOLERANCE_MS).toBe(1000);
  expect(isDue(open, true, at(-500))).toBe(true);
  expect(isDue(open, true, at(-DEADLINE_TOLERANCE_MS))).toBe(true);
  expect(isDue(open, true, at(-DEADLINE_TOLERANCE_MS - 1))).toBe(false);
  expect(isDue(open, true, at(2000))).toBe(true);
});

test("a fired deadline, or none, is never due again", () => {
  expect(isDue({ dueAt, firedAt: new Date(at(0)) }, true, at(5000))).toBe(false);
  expect(isDue(null, true, at(5000))).toBe(false);
});
