import { defineApp, defineProject, type EntryDef } from "@/lib/experiment";
import { checkEntryParams, entryAtStart, entryProblem, entryQuery, MAX_ENTRY_VALUE } from "@/lib/engine/recruitment/entry";

const ENTRY: EntryDef = { params: ["PROLIFIC_PID", "STUDY_ID", "SESSION_ID"], required: ["PROLIFIC_PID"], label: "PROLIFIC_PID" };

describe("checkEntryParams", () => {
  test("keeps the declared parameters (trimmed), leaves out the others and the empty ones, and names the label's value", () => {
    const query = entryQuery(new URLSearchParams("PROLIFIC_PID=%20abc%20&STUDY_ID=s&SESSION_ID=&other=x&PROLIFIC_PID=second"));
    expect(checkEntryParams(ENTRY, query)).toEqual({ ok: true, params: { PROLIFIC_PID: "abc", STUDY_ID: "s" }, label: "abc" });
  });
  test("a config without entry keeps nothing", () => expect(checkEntryParams(undefined, { a: "b" })).toEqual({ ok: true, params: null, label: null }));
  test("required defaults to all", () => expect(checkEntryParams({ params: ["a", "b"] }, { a: "1" })).toEqual({ ok: false, missing: ["b"], invalid: [] }));
  test("refuses values too long, with control characters, or a label value that is no label", () => {
    expect(checkEntryParams(ENTRY, { PROLIFIC_PID: "a b", STUDY_ID: "x".repeat(MAX_ENTRY_VALUE + 1), SESSION_ID: "a\u0001" })).toEqual({ ok: false, missing: [], invalid: ["PROLIFIC_PID", "STUDY_ID", "SESSION_ID"] });
  });
  test("says what is wrong", () => {
    expect(entryProblem({ missing: ["A", "B"], invalid: ["C"] })).toBe(
      "This study link is incomplete: it lacks A, B, and C is not in the expected form. Please go back to the site you came from and open the study from there.",
    );
  });
  test("a start takes them from the start form once; a player who has them (or had them erased) is not asked again", () => {
    const fresh = { entryParams: null, entryErasedAt: null };
    expect(entryAtStart(ENTRY, fresh, { "_entry.PROLIFIC_PID": "abc", PROLIFIC_PID: "ignored" })).toEqual({ ok: true, params: { PROLIFIC_PID: "abc" }, label: "abc" });
    expect(() => entryAtStart(ENTRY, fresh, { PROLIFIC_PID: "abc" })).toThrow("it lacks PROLIFIC_PID");
    expect(entryAtStart(ENTRY, { entryParams: "{}", entryErasedAt: null }, {})).toBeNull();
    expect(entryAtStart(ENTRY, { entryParams: null, entryErasedAt: new Date() }, {})).toBeNull();
    expect(entryAtStart(undefined, fresh, {})).toBeNull();
  });
});

describe("defineProject checks a config's entry", () => {
  const app = defineApp({ name: "a", pages: [] });
  const project = (entry: EntryDef) => () => defineProject({ configs: { c: { apps: [app], entry } }, admins: ["admin"] });
  test("accepts a good one", () => expect(project(ENTRY)).not.toThrow());
  test("needs parameters", () => expect(project({ params: [] })).toThrow('Config "c": entry.params must list at least one parameter name'));
  test("refuses odd names, the links' own and repeats", () => {
    expect(project({ params: ["a-b"] })).toThrow('"a-b" is not allowed');
    expect(project({ params: ["label"] })).toThrow('"label" is used by the links themselves');
    expect(project({ params: ["a", "a"] })).toThrow('lists "a" twice');
  });
  test("required and label must be among the parameters", () => {
    expect(project({ params: ["a"], required: ["b"] })).toThrow('entry.required: "b" is not in entry.params');
    expect(project({ params: ["a"], label: "b" })).toThrow('entry.label: "b" is not in entry.params');
  });
});
