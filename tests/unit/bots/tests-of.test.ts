import { defineApp, page, type BotTestCase } from "@/lib/experiment";
import { testsOf } from "@/lib/bots/cases";

// An app's bot tests are loaded from its tests file when they run; their page names and player
// counts are checked then, with the app and case named.

const app = (tests: Record<string, BotTestCase>) => defineApp({ name: "a", pages: [page({ name: "P" })], tests: async () => ({ default: tests }) });

test("a case naming a page the app does not have, or no players, is refused with where it is", async () => {
  await expect(testsOf(app({ typo: { pages: { Q: () => undefined } } }))).rejects.toThrow('App "a", tests.typo.pages.Q: there is no page with this name');
  await expect(testsOf(app({ none: { players: 0 } }))).rejects.toThrow('App "a", tests.none.players: must be a whole number of players, 1 or more, not 0');
});

test("the cases load by name; an app without tests has none", async () => {
  expect((await testsOf(app({ one: { players: 2 }, two: {} }))).map(([name]) => name)).toEqual(["one", "two"]);
  expect(await testsOf(defineApp({ name: "b", pages: [page({ name: "P" })] }))).toEqual([]);
});
