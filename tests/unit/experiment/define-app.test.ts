import { checkboxes, defineApp, json, stored, defineProject, groupingWait, integer, logic, page, radio, random, repeat, rounds, string, syncWait, type Field, type PlayerApi, type WaitTimeout } from "@/lib/experiment";

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
  test("a bot test for a page that does not exist, or with an impossible number of players", () => {
    // The tests file is loaded when the tests run (lib/bots/cases.ts checks its cases then).
    expect(() => defineApp({ name: "a", pages: [page({ name: "P" })], tests: { typo: {} } as never })).toThrow('App "a", tests: must load the tests file: tests: () => import("./bot-tests")');
  });
});

describe("defineProject", () => {
  const app = defineApp({ name: "a", pages: [] });
  test("refuses a config without apps", () => expect(() => defineProject({ configs: { c: { apps: [] } }, admins: ["admin"] })).toThrow('Config "c" lists no apps'));
  test("refuses bad config names", () => expect(() => defineProject({ configs: { "~c": { apps: [app] } }, admins: ["admin"] })).toThrow(/Config "~c"/));
  test("needs an admin", () => expect(() => defineProject({ configs: { c: { apps: [app] } }, admins: [] })).toThrow(/no admin/));
});

describe("a wait page's timeout", () => {
  const withWait = (timeout: unknown, kind: "group" | "sync" = "group") => () =>
    defineApp({
      name: "waits",
      pages: [
        kind === "group" ? groupingWait({ name: "W", size: 3, timeout: timeout as WaitTimeout }) : syncWait({ name: "W", timeout: timeout as WaitTimeout }),
        page({ name: "Alone" }),
      ],
    });
  test("accepts each fallback", () => {
    for (const then of ["smallerGroup", "proceed", { moveTo: "Alone" }, { end: "Sorry." }]) expect(withWait({ seconds: 60, then })).not.toThrow();
    expect(withWait({ seconds: 60, then: "smallerGroup", minSize: 2, otherwise: { end: "Nobody came." }, showTimeLeft: true })).not.toThrow();
    for (const then of ["proceed", { moveTo: "Alone" }, { end: "Sorry." }]) expect(withWait({ seconds: 60, then }, "sync")).not.toThrow();
  });
  test.each([
    [{ seconds: 0, then: "proceed" }, "group", "the wait's timeout must be a number of seconds above 0, not 0"],
    [{ seconds: 60, then: "wait" }, "group", 'then: must be "smallerGroup", "proceed", { moveTo: "Page" } or { end: "message" }, not "wait"'],
    [{ seconds: 60, then: { moveTo: "Nowhere" } }, "group", 'then: { moveTo: "Nowhere" }: the app has no page with this name'],
    [{ seconds: 60, then: { end: "" } }, "group", "then: must be"],
    [{ seconds: 60, then: "smallerGroup" }, "sync", 'then: "smallerGroup" is for grouping pages'],
    [{ seconds: 60, then: "smallerGroup", minSize: 4 }, "group", "minSize (4) cannot be above the group size (3)"],
    [{ seconds: 60, then: "proceed", minSize: 2 }, "group", 'minSize and otherwise go with then: "smallerGroup"'],
    [{ seconds: 60, then: "smallerGroup", otherwise: "smallerGroup" }, "group", 'otherwise cannot be "smallerGroup"'],
  ] as const)("%j on a %s page", (timeout, kind, message) => expect(withWait(timeout, kind)).toThrow(`App "waits", page "W": ${message}`));
  test("a wait page's limit is not a page timeout", () => {
    expect(() => defineApp({ name: "waits", pages: [page({ name: "W", timeout: 30, wait: { kind: "group", size: 2 } })] })).toThrow(
      `App "waits", page "W": a wait page's time limit is its wait's timeout, with a fallback`,
    );
  });
});

describe("grouping by rule, roles and rematching", () => {
  const grouping = (options: Partial<Parameters<typeof groupingWait>[0]>, inRounds = true) => () => {
    const wait = groupingWait({ name: "G", size: 2, ...options });
    return defineApp({ name: "groups", pages: inRounds ? [rounds(2, wait)] : [wait] });
  };
  test("accepts a rule, roles, and each rematching inside rounds", () => {
    expect(grouping({ groupBy: ({ waiting }: { waiting: PlayerApi[] }) => waiting.slice(0, 2), roles: ["buyer", "seller"] } as never)).not.toThrow();
    for (const rematch of ["partner", "stranger", "perfectStranger"] as const) expect(grouping({ rematch })).not.toThrow();
  });
  test.each([
    [{ roles: ["buyer"] }, true, 'roles must list 2 role names, one per member, not ["buyer"]'],
    [{ rematch: "random" }, true, 'rematch must be "partner", "stranger" or "perfectStranger", not "random"'],
    [{ rematch: "stranger" }, false, "rematch is for a grouping page inside rounds() or repeat()"],
    [{ groupBy: "language" }, true, "groupBy must be a function"],
    [{ groupBy: (): null => null, rematch: "perfectStranger" }, true, "groupBy and rematch do not go together"],
    [{ groupBy: (): null => null, timeout: { seconds: 10, then: "smallerGroup" } }, true, "a smaller group would break the groupBy rule"],
  ])("%p", (options, inRounds, message) => expect(grouping(options as never, inRounds)).toThrow(`App "groups", page "G": ${message}`));
});

describe("an app's stored() declarations", () => {
  const asked = page({ name: "Ask", fields: { answer: integer({ label: "Answer" }) } });
  const withStored = (declared: unknown) => () => defineApp({ name: "quiz", pages: [asked], stored: declared as never });
  test("declared by level, with form field kinds and json()", () => {
    const app = defineApp({ name: "quiz", pages: [asked], stored: { player: stored({ payoff: integer({ label: "Points" }), seen: json<number[]>({ label: "Rounds seen" }) }), group: stored({ total: integer({ label: "Pot" }) }) } });
    expect(Object.keys(app.stored!.player!.fields)).toEqual(["payoff", "seen"]);
  });
  test.each([
    [{ team: stored({ x: integer({ label: "x" }) }) }, 'App "quiz", stored.team: fields are stored on "player", "group" or "session"'],
    [{ player: { payoff: integer({ label: "x" }) } }, "App \"quiz\", stored.player: make it with stored({ name: integer({ label }), ... })"],
    [{ player: stored({ round: integer({ label: "x" }) }) }, 'App "quiz", stored.player, field "round": this name is reserved by Sprout'],
    [{ player: stored({ "2x": integer({ label: "x" }) }) }, 'App "quiz", stored.player, field "2x": field names are letters'],
    [{ player: stored({ answer: integer({ label: "x" }) }) }, 'App "quiz", stored.player, field "answer": page "Ask" asks for this field already: read and write it through that page, get(page, "answer")'],
    [{ player: stored({ x: integer({ label: "x", min: 5, max: 1 }) }) }, 'stored.player, field "x": min (5) is greater than max (1)'],
    [{ session: stored({ x: json({ label: " " }) }) }, 'stored.session, field "x": needs a label'],
  ])("refuses %j", (declared, message) => expect(withStored(declared)).toThrow(message));
  test("a group's field may share a name with a page's field (it is kept elsewhere)", () => expect(withStored({ group: stored({ answer: integer({ label: "x" }) }) })).not.toThrow());
});
