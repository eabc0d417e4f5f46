import { between, defineApp, defineProject, integer, page, rounds, repeat, type QuotaDef } from "@/lib/experiment";
import { expandApp, namedBetweens } from "@/lib/experiment/page-order";
import { chooseConditions, fitsParams, quotaReached, type Places } from "@/lib/engine/recruitment/places";
import type { Quotas } from "@/lib/engine/recruitment/rules";

const ask = (name: string) => page({ name, fields: { x: integer({ label: "x" }) } });
const app = defineApp({ name: "armed", pages: [between({ name: "arm", conditions: { a: ask("A"), b: [ask("B1"), ask("B2")] } })] });

describe("a named between()", () => {
  test("keeps its conditions' names and brackets a list", () => {
    const [b] = namedBetweens([app]);
    expect([b!.name, b!.conditions, b!.items.map((i) => i.kind)]).toEqual(["arm", ["a", "b"], ["page", "bracket"]]);
  });
  test("expands to the assigned condition, the same in every round", () => {
    const inRounds = defineApp({ name: "r", pages: [rounds(3, between({ name: "t", conditions: { x: page({ name: "X" }), y: page({ name: "Y" }) } }))] });
    expect(expandApp(app, Math.random, { arm: "b" })).toEqual(["armed/B1", "armed/B2"]);
    expect(expandApp(inRounds, Math.random, { t: "y" })).toEqual(["r/Y@1", "r/Y@2", "r/Y@3"]);
  });
  test("defineApp refuses a bad name, a reserved one, two of one name, and one inside repeat()", () => {
    const named = (name: string) => between({ name, conditions: { a: page({ name: `P${name.length}` }) } });
    expect(() => defineApp({ name: "x", pages: [named("1bad")] })).toThrow('App "x", between("1bad"): the name is the player field');
    expect(() => defineApp({ name: "x", pages: [named("label")] })).toThrow("reserved");
    expect(() => defineApp({ name: "x", pages: [between({ name: "t", conditions: { a: page({ name: "P" }) } }), between({ name: "t", conditions: { b: page({ name: "Q" }) } })] })).toThrow("two named between()s have this name");
    expect(() => defineApp({ name: "x", pages: [between({ conditions: { a: page({ name: "P" }) } } as never)] })).toThrow('App "x", between(): between({ conditions }) needs a name');
    expect(() => defineApp({ name: "x", pages: [repeat({ while: () => false, max: 2 }, named("t"))] })).toThrow("cannot be inside repeat()");
  });
});

describe("defineProject checks quotas in one line", () => {
  const project = (quota: number | QuotaDef, extra: object = {}) => () => defineProject({ configs: { c: { apps: [app], entry: { params: ["sex"], required: [] }, quota, ...extra } }, admins: ["admin"] });
  test.each([
    [0, 'Config "c": quota must be a whole number of at least 1'],
    [{ total: 1.5 }, 'Config "c": quota.total must be a whole number of at least 1'],
    [{ totals: 3 } as QuotaDef, 'Config "c": quota: unknown setting "totals" (total, cells)'],
    [{ cells: { gender: { F: 2 } } }, 'Config "c": quota.cells.gender: no named between(), entry parameter or page field is called "gender" (named between()s: arm; entry parameters: sex)'],
    [{ cells: { arm: { c: 2 } } }, 'Config "c": quota.cells.arm: between("arm") has no condition "c" (a, b)'],
    [{ cells: { arm: { a: 0 } } }, 'Config "c": quota.cells.arm.a must be a whole number of at least 1'],
    [{ cells: { sex: {} } }, 'Config "c": quota.cells.sex must map values to places, e.g. { control: 50 }'],
  ])("%j", (quota, message) => {
    expect(project(quota)).toThrow(message);
    expect(message).not.toContain("\n");
  });
  test("a good one passes, counting a between(), an entry parameter and a page field", () => expect(project({ total: 10, cells: { arm: { a: 5 }, sex: { F: 5 }, x: { "3": 2 } } })).not.toThrow());
  test("a named between() cannot have the name of a page field", () => {
    const clash = defineApp({ name: "clash", pages: [page({ name: "P", fields: { arm: integer({ label: "a" }) } }), between({ name: "arm", conditions: { a: page({ name: "Q" }) } })] });
    expect(() => defineProject({ configs: { c: { apps: [clash] } }, admins: ["admin"] })).toThrow('Config "c": between("arm") has the name of a page field');
  });
  test("a room's entry and quota need a config and fit it", () => {
    const withRoom = (room: object) => () => defineProject({ configs: { c: { apps: [app] } }, rooms: { r: room }, admins: ["admin"] });
    expect(withRoom({ quota: 3 })).toThrow('Room "r": entry and quota are checked against the room\'s config: give it one');
    expect(withRoom({ config: "c", entry: { params: [] } })).toThrow('Room "r": entry.params must list at least one parameter name');
    expect(withRoom({ config: "c", quota: { cells: { sex: { F: 1 } } } })).toThrow('Room "r": quota.cells.sex: no named between(), entry parameter or page field is called "sex"');
    expect(withRoom({ config: "c", entry: { params: ["sex"] }, quota: { cells: { sex: { F: 1 } } } })).not.toThrow();
  });
});

const quotas = (over: Partial<Quotas> = {}): Quotas => ({ total: undefined, conditions: new Map(), params: new Map(), fields: new Map(), factors: [{ name: "arm", conditions: ["a", "b", "c"], assign: "balanced" }], ...over });
const places = (cells: Record<string, [number, number]>, taken = 0, completed = 0): Places => ({
  taken,
  completed,
  cells: new Map([["arm", new Map(Object.entries(cells).map(([v, [t, c]]) => [v, { taken: t, completed: c }]))]]),
});

describe("chooseConditions", () => {
  test("balanced: the least-filled condition; ties at random", () => {
    expect(chooseConditions(quotas(), places({ a: [2, 0], b: [1, 0], c: [2, 0] }), () => 0.99)).toEqual({ arm: "b" });
    expect(chooseConditions(quotas(), places({ a: [1, 0], b: [1, 0], c: [2, 0] }), () => 0)).toEqual({ arm: "a" });
    expect(chooseConditions(quotas(), places({ a: [1, 0], b: [1, 0], c: [2, 0] }), () => 0.99)).toEqual({ arm: "b" });
  });
  test("random: any condition with a free place", () => {
    const random = quotas({ factors: [{ name: "arm", conditions: ["a", "b", "c"], assign: "random" }] });
    expect(chooseConditions(random, places({ a: [5, 0], b: [0, 0], c: [0, 0] }), () => 0)).toEqual({ arm: "a" });
  });
  test("full conditions are left out; none free: null, unless the player is in progress already", () => {
    const limited = quotas({ conditions: new Map([["arm", new Map([["a", 1], ["b", 1], ["c", 1]])]]) });
    expect(chooseConditions(limited, places({ a: [1, 0], b: [0, 0], c: [1, 1] }), () => 0.5)).toEqual({ arm: "b" });
    expect(chooseConditions(limited, places({ a: [1, 0], b: [1, 0], c: [1, 1] }), () => 0.5)).toBeNull();
    expect(chooseConditions(limited, places({ a: [1, 0], b: [1, 0], c: [1, 1] }), () => 0, true)).toEqual({ arm: "a" });
  });
});

describe("fitsParams and quotaReached", () => {
  const bySex = quotas({ total: 10, params: new Map([["sex", new Map([["F", 2]])]]), factors: [] });
  const sexPlaces = (f: number, taken: number): Places => ({ taken, completed: 0, cells: new Map([["sex", new Map([["F", { taken: f, completed: 0 }]])]]) });
  test("a full cell refuses its value only; the total refuses everyone", () => {
    expect(fitsParams(bySex, sexPlaces(2, 5), { sex: "F" })).toBe(false);
    expect(fitsParams(bySex, sexPlaces(2, 5), { sex: "M" })).toBe(true);
    expect(fitsParams(bySex, sexPlaces(2, 5), null)).toBe(true);
    expect(fitsParams(bySex, sexPlaces(0, 10), { sex: "M" })).toBe(false);
  });
  test("met: the total's completions, or every condition's", () => {
    const limited = quotas({ conditions: new Map([["arm", new Map([["a", 1], ["b", 1], ["c", 1]])]]) });
    expect(quotaReached(limited, places({ a: [1, 1], b: [1, 1], c: [2, 0] }))).toBeNull();
    expect(quotaReached(limited, places({ a: [1, 1], b: [1, 1], c: [1, 1] }))).toBe("quotas of every condition of arm met");
    expect(quotaReached(quotas({ total: 3 }), places({}, 3, 3))).toBe("quota of 3 met");
  });
});
