import { TEST_ENGINE } from "../../helpers/engine";
import { getPage, postForm } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { connectParticipant, eventually } from "../../helpers/sockets";

// The stand-in bot as the running server plays it, with no test process stepping it: the
// server's own sweep finds the dropout (away longer than its watch), hands the seat to a bot
// and plays it. The server is killed while the bot waits for the partner; a new server on the
// same database carries the seat on once the dead one's claim has run out.
// Seats: Pair 0, Pick 1, Sync 2 (round 1), Pair 3, Pick 4, Sync 5 (round 2), Done 6, the end 7.

const ENV = { SPROUT_ONLINE_WINDOW_MS: "1000" };
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

test("the server's bot takes the dropout's seat, and after a restart another server carries it to the end", async () => {
  const first = await startServer({ env: ENV });
  servers.push(first);
  const s = await newSession(first, "seats", 2);
  const [urlA, urlB] = s.urls as [string, string];
  const [a, b] = s.players as [{ id: number; name: string }, { id: number; name: string }];
  // The first has a tab open all along (before the start: a slow start must not make them look away); the second never comes back.
  const tabA = await connectParticipant(first.url, urlA);
  await eventually(async () => (await first.db.connection.count({ where: { playerId: a.id } })) === 1);
  for (const url of s.urls) await postForm(url, { _position: -1 });
  await postForm(urlA, { _position: 1, pick: "5" });
  const position = async (id: number) => (await first.db.player.findUniqueOrThrow({ where: { id } })).position;
  // The bot plays round 1 (releasing the partner) and round 2's pick, then waits on Sync for the partner.
  await eventually(async () => (await position(b.id)) === 5, 30_000).catch(async (e: unknown) => {
    // the server's log and the seat's row say why the bot did not get there
    console.log(first.output());
    console.log(JSON.stringify({ players: await first.db.player.findMany({ where: { sessionId: s.id } }), watches: await first.db.dropoutWatch.findMany({ where: { sessionId: s.id } }) }));
    throw e;
  });
  expect(await position(a.id)).toBe(4);
  const [pick1] = await first.db.fieldWrite.findMany({ where: { ownerKind: "player", ownerId: b.id, key: "pick" }, orderBy: { seq: "asc" } });
  expect(pick1).toMatchObject({ round: 1, value: "71", byKind: "bot", byName: expect.stringMatching(/^stand-in@/) });

  await first.kill();
  tabA.close();
  // A long online window here: the partner, whose tab reconnects only now, is not taken for a dropout meanwhile.
  const second = await startServer({ databaseUrl: first.databaseUrl, env: { SPROUT_ONLINE_WINDOW_MS: "600000" } });
  servers.push(second);
  const tabA2 = await connectParticipant(second.url, urlA);
  try {
    expect((await postForm(urlA.replace(first.url, second.url), { _position: 4, pick: "9" })).status).toBe(303);
    const at = async (id: number) => (await second.db.player.findUniqueOrThrow({ where: { id } })).position;
    // Released from Sync, the bot presses Next on Done: the new server plays the seat once the old claim ran out.
    await eventually(async () => (await at(b.id)) === 7, 30_000);
    expect(await at(a.id)).toBe(6);
    const writes = await second.db.fieldWrite.findMany({ where: { ownerKind: "player", ownerId: b.id, byKind: "bot" }, orderBy: { seq: "asc" } });
    const players = new Set(writes.map((w) => w.byName));
    expect(players.size).toBe(2); // one instance before the restart, another after it
    expect(writes.filter((w) => w.key === "pick").map((w) => [w.round, w.value])).toEqual([
      [1, "71"],
      [2, "72"],
    ]);
    const group = await second.db.group.findFirstOrThrow({ where: { sessionId: s.id } });
    const sum = async (round: number) => (await second.db.fieldValue.findUniqueOrThrow({ where: { ownerKind_ownerId_key: { ownerKind: "group", ownerId: group.id, key: `sum${round}` } } })).value;
    expect([await sum(1), await sum(2)]).toEqual(["76", "81"]);
    expect((await getPage(urlB.replace(first.url, second.url))).status).toBe(200);
  } finally {
    tabA2.close();
  }
}, 120_000);

const onPostgres = TEST_ENGINE === "postgresql" ? test : test.skip;

onPostgres("two instances on one database: the seat is played once, step by step, whichever instance holds it", async () => {
  const one = await startServer({ env: ENV });
  const two = await startServer({ databaseUrl: one.databaseUrl, env: ENV });
  servers.push(one, two);
  const s = await newSession(one, "seats", 2);
  const [urlA] = s.urls as [string, string];
  const b = s.players[1]!;
  const tabA = await connectParticipant(two.url, urlA.replace(one.url, two.url));
  await eventually(async () => (await one.db.connection.count({ where: { playerId: s.players[0]!.id } })) === 1);
  for (const url of s.urls) await postForm(url, { _position: -1 });
  try {
    await postForm(urlA, { _position: 1, pick: "5" });
    const position = async (id: number) => (await one.db.player.findUniqueOrThrow({ where: { id } })).position;
    await eventually(async () => (await position(b.id)) === 5, 30_000);
    await postForm(urlA.replace(one.url, two.url), { _position: 4, pick: "9" });
    await eventually(async () => (await position(b.id)) === 7, 30_000);
    // Both sweepers ran all along; each of the bot's pages was submitted once.
    const picks = await one.db.fieldWrite.findMany({ where: { ownerKind: "player", ownerId: b.id, key: "pick" }, orderBy: { seq: "asc" } });
    expect(picks.map((w) => [w.round, w.value, w.byKind])).toEqual([
      [1, "71", "bot"],
      [2, "72", "bot"],
    ]);
    const visits = await one.db.pageVisit.groupBy({ by: ["position"], where: { playerId: b.id }, _count: true });
    expect(visits.filter((v) => v._count > 1)).toEqual([]);
  } finally {
    tabA.close();
  }
}, 120_000);
