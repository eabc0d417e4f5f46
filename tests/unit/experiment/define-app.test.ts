import { defineApp, defineProject, integer, page } from "@/lib/experiment";

describe("defineApp", () => {
  test("applies defaults", () => {
    const app = defineApp({ name: "a", pages: [page({ name: "P" })] });
    expect(app).toMatchObject({ suggestedMultiple: 1, description: "" });
    expect(app.pages[0]).toMatchObject({ kind: "page", fields: {} });
  });
  test("names the app and page when two pages share a name", () =>
    expect(() => defineApp({ name: "quiz", pages: [page({ name: "Q" }), page({ name: "Q" })] })).toThrow('App "quiz", page "Q": two pages have this name'));
  test("refuses reserved field names, naming the field", () =>
    expect(() => defineApp({ name: "quiz", pages: [page({ name: "Q", fields: { position: integer({ label: "x" }) } })] })).toThrow(
      'App "quiz", page "Q", field "position": this name is reserved by Sprout',
    ));
  test.each(["Quiz", "1quiz", "qu-iz", ""])("refuses the app name %p", (name) => expect(() => defineApp({ name, pages: [] })).toThrow(/the name must be/));
  test("refuses a bad suggestedMultiple", () => expect(() => defineApp({ name: "a", suggestedMultiple: 0, pages: [] })).toThrow(/suggestedMultiple/));
});

describe("defineProject", () => {
  const app = defineApp({ name: "a", pages: [] });
  test("refuses a config without apps", () => expect(() => defineProject({ configs: { c: { apps: [] } }, admins: ["admin"] })).toThrow('Config "c" lists no apps'));
  test("refuses bad config names", () => expect(() => defineProject({ configs: { "~c": { apps: [app] } }, admins: ["admin"] })).toThrow(/Config "~c"/));
  test("needs an admin", () => expect(() => defineProject({ configs: { c: { apps: [app] } }, admins: [] })).toThrow(/no admin/));
});
