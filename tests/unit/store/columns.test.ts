import { auditDetailColumn, codeVersionColumn, fieldValueColumn, monitorFieldsColumn, pageOrderColumn, pageSignalsColumn, pendingFormColumn, qualityFlagsColumn, roomLabelsColumn, sessionSettingsColumn } from "@/lib/store/columns";

describe("the stored JSON columns", () => {
  test("each column reads what it writes", () => {
    const cases: [{ read(text: string): unknown; write(value: never): string }, unknown][] = [
      [pageOrderColumn, ["a/Intro", "a/Decide@2"]],
      [sessionSettingsColumn, { rate: 0.5, names: ["x"], nested: { on: true } }],
      [monitorFieldsColumn, ["age", "bonus"]],
      [codeVersionColumn, { sprout: "0.1.0", git: { commit: "abc", dirty: false }, experiments: "f00", folder: "experiments" }],
      [roomLabelsColumn, ["P01", "P02"]],
      [pendingFormColumn, { position: 2, values: { age: "x", likes: ["a", "b"] }, errors: { age: "Enter a number" }, pageErrors: [] }],
      [auditDetailColumn, { players: ["a"], seconds: -30 }],
      [pageSignalsColumn, { source: "browser", ms: 1200, paste: { a: { count: 1, chars: 4 } }, pointer: "pen" }],
      [qualityFlagsColumn, ["paste", "fast"]],
    ];
    for (const [column, value] of cases) expect(column.read(column.write(value as never))).toEqual(value);
  });

  test("what each request reads is parsed once per text, and shared frozen", () => {
    const text = pageOrderColumn.write(["m/One", "m/Two"]);
    const first = pageOrderColumn.read(text);
    expect(pageOrderColumn.read(`${text}`)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => (first as string[]).push("m/Three")).toThrow(TypeError);
    expect(Object.isFrozen(sessionSettingsColumn.read('{"a":1}'))).toBe(true);
  });

  test("a stored value of the wrong shape is a clear error, not a wrong answer", () => {
    expect(() => sessionSettingsColumn.read("[1, 2]")).toThrow(/stored session settings is not in the expected shape/);
    expect(() => roomLabelsColumn.read('["P01", 2]')).toThrow(/stored room labels is not in the expected shape: 1: /);
    expect(() => codeVersionColumn.read('{"sprout": "1"}')).toThrow(/stored code version/);
    expect(() => pendingFormColumn.read('{"values": {}}')).toThrow(/stored pending form/);
  });

  test("quality flags: in their one order, unknown names and unreadable text read as none", () => {
    expect(qualityFlagsColumn.write(["duplicate", "paste", "paste"])).toBe('["paste","duplicate"]');
    expect(qualityFlagsColumn.read('["fast", "haste", 3]')).toEqual(["fast"]);
    expect(qualityFlagsColumn.read("not json")).toEqual([]);
    expect(() => pageSignalsColumn.read('{"source": "telepathy"}')).toThrow(/stored page signals/);
  });

  test("monitor fields: anything unreadable reads as none", () => {
    expect(monitorFieldsColumn.read("not json")).toEqual([]);
    expect(monitorFieldsColumn.read('{"a": 1}')).toEqual([]);
    expect(monitorFieldsColumn.read('["age", 3, "bonus"]')).toEqual(["age", "bonus"]);
  });

  test("a field value: null is a deletion, JSON null a stored null", () => {
    expect(fieldValueColumn.read(null)).toBeUndefined();
    expect(fieldValueColumn.read("null")).toBeNull();
    expect(fieldValueColumn.read(fieldValueColumn.write({ a: [1, "x"] }))).toEqual({ a: [1, "x"] });
  });
});
