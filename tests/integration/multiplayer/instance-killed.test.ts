import { TEST_ENGINE } from "../../helpers/engine";
import { patientBots, unstoredAnswers } from "../../helpers/patient-bot";
import { startServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// One of two instances is killed (kill -9) while 100 participants play: the other carries on,
// and the killed one's participants, sent to the survivor as a load balancer would, continue
// on the page they were on. Nothing acknowledged is lost.
const onPostgres = TEST_ENGINE === "postgresql" ? test : test.skip;

onPostgres("kill -9 of one of two instances mid-study: its participants continue on the other, nothing acknowledged lost", async () => {
  const survivor = await startServer();
  const doomed = await startServer({ databaseUrl: survivor.databaseUrl });
  const { acknowledged, statuses, play } = patientBots();
  let killed = false;
  try {
    const s = await newSession(survivor, "basics", 100);
    const bots = Promise.all(s.players.map((p, i) => play(p.name, s.name, i, () => (i % 2 && !killed ? doomed.url : survivor.url))));
    while (acknowledged.length < 100) await new Promise((r) => setTimeout(r, 20));
    await doomed.kill();
    killed = true;
    await bots;
    console.log(`instance killed: answers by status ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(await survivor.db.player.count({ where: { sessionId: s.id, position: 3 } })).toBe(100);
    expect(await unstoredAnswers(survivor.db, s.id, acknowledged)).toEqual([]);
    // Every participant's visits are one unbroken path: no page entered twice at one position.
    const visits = await survivor.db.pageVisit.groupBy({ by: ["playerId", "position"], where: { sessionId: s.id }, _count: true });
    expect(visits.filter((v) => v._count > 1)).toEqual([]);
  } finally {
    await doomed.stop();
    await survivor.stop();
  }
}, 180_000);
