import { checkboxes, defineApp, defineProject, integer, logic, page, radio, random, repeat, rounds, string, type Field } from "@/lib/experiment";

const withField = (field: unknown) => () => defineApp({ name: "quiz", pages: [page({ name: "Q", fields: { answer: field as Field } })] });

describe("defineApp stops the start with a message naming the app, page and field", () => {
  test("applies defaults", () => {
    const app = defineApp({ name: "a", pages: [page({ name: "P" })] });
    expect(app).toMatchObject({ suggestedMultiple: 1, description: "", constants: {}, bots: {} });
    expect(app.pages[0]).toMatchObject({ kind: "page", fields: {} });
  });
  test("two pages with one name, also inside operators", () => {
    expect(() => defineApp({ name: "quiz", pages: [page({ name: "Q" }), page({ name: "Q" })] })).toThrow('App "quiz", page "Q": two pages have this name');
    expect(() => defineApp({ name: "quiz", pages: [page({ name: "Q" }), rounds(2, logic({ name: "Q", run: () => {} }))] })).toThrow('App "quiz", page "Q": two pages have this name');
  });
  test("a reserved field name", () => expect(withField(integer({ label: "x" }))).not.toThrow());
  test.each([
    ["position", 'App "quiz", page "Q", field "position": this name is reserved by Sprout'],
    ["round", 'App "quiz", page "Q", field "round": this name is reserved by Sprout'],
    ["2x", 'App "quiz", page "Q", field "2x": field names are letters'],
  ])("the field name %p", (name, message) =>
    expect(() => defineApp({ name: "quiz", pages: [page({ name: "Q", fields: { [name]: integer({ label: "x" }) } })] })).toThrow(message),
  );
  test.each([
    [{ kind: "slider", label: "x" }, 'App "quiz", page "Q", field "answer": unknown field kind "slider"; use one of string, textarea, email, integer'],
    [{ label: "x" }, 'field "answer": unknown field kind undefined'],
    [{ kind: "string", label: "x", maxLenght: 3 }, 'field "answer": unknown option maxLenght for a string field'],
    [{ kind: "integer", label: "" }, 'field "answer": option label: needs a label'],
    [integer({ label: "x", min: 5, max: 1 }), 'field "answer": min (5) is greater than max (1)'],
    [integer({ label: "x", step: 0 }), 'field "answer": option step: step must be greater than 0'],
    [string({ label: "x", minLength: 5, maxLength: 2 }), "minLength (5) is greater than maxLength (2)"],
    [radio({ label: "x", choices: [] }), "option choices: needs at least one choice"],
    [radio({ label: "x", choices: [[1, "a"], [1, "b"]] }), "the choice 1 is listed twice"],
    [checkboxes({ label: "x", choices: ["a"], max: 2 }), "max (2) is more than the 1 choices"],
    [integer({ label: "x", max: 3, default: 5 }), "the default 5 is not a valid answer: Please enter a number of at most 3."],
    [radio({ label: "x", choices: ["a"], default: "b" }), 'the default "b" is not a valid answer'],
    [{ kind: "date", label: "x", min: "1.1.2000" }, "option min: dates are written YYYY-MM-DD"],
    [{ kind: "decimal", label: "x" }, "option places:"],
    [{ kind: "likert", label: "x", min: 1, max: 1 }, "a likert scale needs 2 to 21 points"],
    [{ kind: "date", label: "x", min: "2020-01-01", max: "2019-01-01" }, "min (2020-01-01) is greater than max (2019-01-01)"],
    [{ kind: "integer", label: "x", step: 0.5 }, "option step: must be a whole number"],
    [{ kind: "integer", label: "x", min: 1.5 }, "option min: must be a whole number"],
  ])("the field %j", (field, message) => expect(withField(field)).toThrow(message));
  test.each(["Quiz", "1quiz", "qu-iz", ""])("the app name %p", (name) => expect(() => defineApp({ name, pages: [] })).toThrow(/the name must be/));
  test("a bad suggestedMultiple", () => expect(() => defineApp({ name: "a", suggestedMultiple: 0, pages: [] })).toThrow(/suggestedMultiple/));
  test("constants that are not JSON", () => expect(() => defineApp({ name: "a", pages: [], constants: { when: new Date() as never } })).toThrow('App "a": constants.when is Date'));
  test("bad operators", () => {
    expect(() => defineApp({ name: "a", pages: [rounds(0, page({ name: "P" }))] })).toThrow('App "a", rounds(): the number of rounds must be a whole number of at least 1, not 0');
    expect(() => defineApp({ name: "a", pages: [random()] })).toThrow('App "a", random(): needs at least one page');
    expect(() => defineApp({ name: "a", pages: [rounds(2, repeat({ while: () => false }, page({ name: "P" })))] })).toThrow("repeat() cannot be inside rounds()");
    expect(() => defineApp({ name: "a", pages: [repeat({ while: () => false }, rounds(2, page({ name: "P" })))] })).toThrow("rounds() cannot be inside repeat()");
    expect(() => defineApp({ name: "a", pages: ["Intro" as never] })).toThrow('App "a", pages: "Intro" is neither a page nor a page-order operator');
  });
  test("a bot script for a page that does not exist", () =>
    expect(() => defineApp({ name: "a", pages: [page({ name: "P" })], bots: { Missing: () => ({}) } })).toThrow('App "a", bots.Missing: there is no page with this name'));
});

describe("defineProject", () => {
  const app = defineApp({ name: "a", pages: [] });
  test("refuses a config without apps", () => expect(() => defineProject({ configs: { c: { apps: [] } }, admins: ["admin"] })).toThrow('Config "c" lists no apps'));
  test("refuses bad config names", () => expect(() => defineProject({ configs: { "~c": { apps: [app] } }, admins: ["admin"] })).toThrow(/Config "~c"/));
  test("needs an admin", () => expect(() => defineProject({ configs: { c: { apps: [app] } }, admins: [] })).toThrow(/no admin/));
});
