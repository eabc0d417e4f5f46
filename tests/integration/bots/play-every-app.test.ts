import examples from "@/experiments/project";
import fixtures from "#project";
import { playBot } from "@/lib/bots/bot";
import { missingSubmissions } from "@/lib/bots/verify";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

// Three groups' worth of players: a multiple of every app's group size, so nobody waits forever.
const everyConfig = Object.entries(fixtures.configs).map(([name, c]) => [name, Math.max(...c.apps.map((a) => a.suggestedMultiple)) * 3] as const);
const shippedNames = new Set(Object.keys(examples.configs));
test("the fixture project includes every shipped config", () => expect(everyConfig.filter(([n]) => shippedNames.has(n))).toHaveLength(shippedNames.size));

describe.each(everyConfig)("bots play %s", (config, players) => {
  test(`${players} bots at once reach the end page, and every value they submitted is in the field log`, async () => {
    const s = await newSession(server, config, players);
    // A config that keeps entry parameters (recruitment IDs) needs them: each bot enters through the
    // sessionwide link with its own, in turn, which hands out the slots in order.
    const entry = fixtures.configs[config]!.entry;
    if (entry) {
      for (let i = 0; i < players; i++) {
        const query = new URLSearchParams(entry.params.map((name) => [name, `bot${i}${name.replace(/_/g, "")}`]));
        const res = await fetch(`${server.url}/s/${s.name}/${s.secret}/?${query}`, { method: "POST", redirect: "manual" });
        expect(res.headers.get("location")).toBe(`/p/${s.name}/${s.players[i]!.name}/`);
      }
    }
    const results = await Promise.all(s.urls.map((url, i) => playBot({ url, playerIndex: i })));
    expect(results.map((r) => r.finished)).toEqual(Array(players).fill("end"));
    const positions = await server.db.player.findMany({ where: { sessionId: s.id }, select: { position: true, pageOrder: true } });
    for (const p of positions) expect(p.position).toBe(JSON.parse(p.pageOrder).length);
    const played = results.map((r, i) => ({ playerName: s.players[i]!.name, submissions: r.submissions }));
    expect(played.every((p) => p.submissions.length > 0)).toBe(true);
    expect(await missingSubmissions(server.db, s.name, played)).toEqual([]);
  });
});

test("the check finds a value that was never stored", async () => {
  const s = await newSession(server, "hello");
  const result = await playBot({ url: s.urls[0]! });
  const forged = result.submissions.map((sub) => ({ ...sub, values: Object.fromEntries(Object.keys(sub.values).map((k) => [k, "forged"])) }));
  const problems = await missingSubmissions(server.db, s.name, [{ playerName: s.players[0]!.name, submissions: forged }]);
  expect(problems.length).toBeGreaterThan(0);
  expect(problems[0]).toContain('= "forged" is not in the field log');
});
