import examples from "@/experiments/project";
import { casesOf, formatResult, runBotTests } from "@/lib/bots/cases";
import { startServer, type RunningServer } from "../../helpers/server";

// The apps' own bot tests (defineApp's `tests`), as `npm run sprout -- test CONFIG` runs them,
// here on the suite's server: every shipped example's pass, and a fixture's that fail on purpose
// fail one by one with a message that says where and why.

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

test.each(Object.keys(examples.configs))("the %s example's bot tests pass", async (config) => {
  const results = await runBotTests(server.db, server.url, config);
  expect(results.length).toBeGreaterThan(0);
  expect(results.map(formatResult).join("\n")).not.toContain("✗");
});

test("every shipped app ships bot tests of its own", async () => {
  for (const config of Object.keys(examples.configs)) expect((await casesOf(config)).filter((c) => c.name.endsWith(": plays to the end"))).toEqual([]);
});

test("a fixture's failing bot tests each fail with a readable message; the passing one passes", async () => {
  const results = Object.fromEntries((await runBotTests(server.db, server.url, "flawed")).map((r) => [r.name, r.failure]));
  expect(results).toEqual({
    "flawed: passes": null,
    "flawed: wrong text": 'player 0 on flawed/Shown: expected the page to show "You picked goodbye."; it shows: "Shown You picked hello. Next"',
    "flawed: crashing hook": expect.stringMatching(/^player 0: flawed\/Pick failed on the server \(a hook or the page threw; see the server's log\)/),
    "flawed: accepted submission": 'player 0: flawed/Pick: the submission {"word":"fine"} that must fail was accepted',
    "flawed: wrong value": 'after the end: expected the word\'s length to be 7, it is 5',
  });
  // The crash is in the server's log, with the app, page and hook.
  expect(server.output()).toContain("the hook crashed on purpose");
});

test("--case picks one case, by its name or with its app; an unknown one is refused with the list", async () => {
  expect((await casesOf("flawed", "passes")).map((c) => c.name)).toEqual(["flawed: passes"]);
  expect((await casesOf("flawed", "flawed: wrong value")).map((c) => c.name)).toEqual(["flawed: wrong value"]);
  await expect(casesOf("flawed", "nope")).rejects.toThrow('Config "flawed" has no bot test "nope". Its tests: flawed: passes, flawed: wrong text');
  await expect(casesOf("nope")).rejects.toThrow('Unknown config "nope"');
});
