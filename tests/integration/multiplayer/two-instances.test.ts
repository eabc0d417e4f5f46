import type { MonitorRow } from "@/lib/data/monitor";
import { connectAdmin, signInAutomatically } from "../../helpers/admin";
import { TEST_ENGINE } from "../../helpers/engine";
import { getPage, postForm, submitCurrent } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { connectParticipant, eventually } from "../../helpers/sockets";
import { runOutDeadlines } from "../../helpers/time";

// Two server processes on one PostgreSQL database, each on its own port, as behind a load
// balancer: joined by the PostgreSQL adapter, and once more by Redis (REDIS_URL). Whichever
// instance a participant or an admin reaches, the study behaves as on one.
const describeOnPostgres = TEST_ENGINE === "postgresql" ? describe : describe.skip;
const REDIS_URL = process.env.SPROUT_TEST_REDIS_URL || "redis://127.0.0.1:6379";

describeOnPostgres.each([
  ["the PostgreSQL adapter", {}],
  ["Redis", { REDIS_URL }],
])("two instances joined by %s", (joinedBy, env: Record<string, string>) => {
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    a = await startServer({ env });
    b = await startServer({ databaseUrl: a.databaseUrl, env });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });
  /** A participant URL of instance `on`. */
  const at = (on: RunningServer, url: string) => url.replace(a.url, on.url);

  test("both say how they are joined", () => {
    for (const s of [a, b]) expect(s.output()).toContain(`Instances joined through ${joinedBy === "Redis" ? "Redis" : "PostgreSQL"}`);
  });

  test("an admin on A sees a participant's move on B, and the online state of their tabs on A and B", async () => {
    const s = await newSession(a, "basics", 1);
    const name = s.players[0]!.name;
    const admin = await connectAdmin(a, await signInAutomatically(a));
    const rows: MonitorRow[] = [];
    admin.on("monitor:delta", ({ rows: changed }: { rows: MonitorRow[] }) => rows.push(...changed));
    expect(((await admin.emitWithAck("monitor:watch", { sname: s.name })) as { ok: boolean }).ok).toBe(true);

    const sent = Date.now();
    await submitCurrent(at(b, s.urls[0]!));
    await eventually(() => rows.some((r) => r.name === name && r.position === 0), 10_000);
    console.log(`${joinedBy}: a move on B reached the monitor on A in ${Date.now() - sent} ms`);

    const onA = await connectParticipant(a.url, s.urls[0]!);
    const onB = await connectParticipant(b.url, at(b, s.urls[0]!));
    await eventually(() => rows.at(-1)?.online === true, 10_000);
    onA.close();
    await new Promise((r) => setTimeout(r, 1500));
    expect(rows.filter((r) => r.name === name).at(-1)!.online).toBe(true);
    onB.close();
    await eventually(() => rows.at(-1)?.online === false, 10_000);
    admin.close();
  });

  test("a partner's submission on A releases the one waiting with a tab on B (a push crosses instances)", async () => {
    const s = await newSession(a, "pairs", 2);
    await submitCurrent(s.urls[0]!);
    await submitCurrent(at(b, s.urls[1]!));
    const waiting = await connectParticipant(b.url, at(b, s.urls[1]!));
    expect((await submitCurrent(at(b, s.urls[1]!), { cooperate: "0" })).title).toBe("Please wait");
    await submitCurrent(s.urls[0]!, { cooperate: "0" });
    await eventually(() => waiting.received.some((e) => e.event === "page:refresh"), 10_000);
    expect((await getPage(at(b, s.urls[1]!))).path).toBe("pairs/Result");
    waiting.close();
  });

  test("100 arrivals at a grouping page, half on each instance, form exactly 50 pairs", async () => {
    const s = await newSession(a, "pairs", 100);
    await Promise.all(s.urls.map((url, i) => submitCurrent(i % 2 ? at(b, url) : url)));
    const players = await a.db.player.findMany({ where: { sessionId: s.id } });
    expect(players.every((p) => p.groupId !== null)).toBe(true);
    const groups = await a.db.group.findMany({ where: { sessionId: s.id }, include: { players: true } });
    expect(groups).toHaveLength(50);
    expect(groups.every((g) => g.players.length === 2)).toBe(true);
    expect(new Set(groups.map((g) => g.index)).size).toBe(50);
  }, 180_000);

  test("the same submission sent to A and B at once moves the player once", async () => {
    const s = await newSession(a, "basics", 10);
    for (const url of s.urls) await submitCurrent(url);
    await Promise.all(
      s.urls.flatMap((url) => [
        postForm(url, { _position: 0, nickname: "A", age: "30", likes: "1", comment: "" }),
        postForm(at(b, url), { _position: 0, nickname: "B", age: "31", likes: "1", comment: "" }),
      ]),
    );
    const players = await a.db.player.findMany({ where: { sessionId: s.id } });
    expect(players.map((p) => p.position)).toEqual(players.map(() => 1));
    expect(await a.db.fieldWrite.count({ where: { sessionId: s.id, key: "position", value: "1" } })).toBe(10);
    expect(await a.db.pageVisit.count({ where: { sessionId: s.id, position: 1 } })).toBe(10);
  });

  test("page deadlines swept by both instances fire exactly once each", async () => {
    const s = await newSession(a, "timed", 20);
    for (const url of s.urls) await submitCurrent(url);
    await runOutDeadlines(a.db, { sessionId: s.id, position: 0 });
    await eventually(async () => (await a.db.player.count({ where: { sessionId: s.id, position: 1 } })) === 20, 20_000);
    expect(await a.db.fieldWrite.count({ where: { sessionId: s.id, key: "timedOut" } })).toBe(20);
    expect(await a.db.pageVisit.count({ where: { sessionId: s.id, leftHow: "timeout" } })).toBe(20);
  });
});
