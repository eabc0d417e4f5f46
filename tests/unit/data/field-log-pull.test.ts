import { formatCursor, parseCursor } from "@/lib/data/field-log-pull";
import { InvalidInputError } from "@/lib/errors";

test("a cursor is the last seq, then each snapshot's gaps (ranges) with its xmax", () => {
  const cursor = { after: 120, gaps: [{ ranges: [[100, 103], [110, 110]] as [number, number][], xmax: 987654321012n }] };
  expect(formatCursor(cursor)).toBe("120.100-103,110@987654321012");
  expect(parseCursor("120.100-103,110@987654321012")).toEqual(cursor);
  expect(parseCursor("7")).toEqual({ after: 7, gaps: [] });
  expect(parseCursor(undefined)).toEqual({ after: 0, gaps: [] });
  // Groups whose gaps have all filled are left out.
  expect(formatCursor({ after: 5, gaps: [{ ranges: [], xmax: 9n }] })).toBe("5");
});

test.each(["abc", "-1", "1.2", "1.2@", "1.2-@3", "1,2", "1..2@3"])("%j is not a cursor", (text) => {
  expect(() => parseCursor(text)).toThrow(InvalidInputError);
});
