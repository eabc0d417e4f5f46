import { TEST_ENGINE } from "../../helpers/engine";
import { getPage, submitCurrent, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { connectParticipant, eventually } from "../../helpers/sockets";
import { runOutDeadlines } from "../../helpers/time";

// Waits that end, with the server's own sweep (every second) firing them: tests let the time
// run out by moving the stored deadline into the past (runOutDeadlines), never by waiting.

describe("with the server running", () => {
  let server: RunningServer;
  beforeAll(async () => (server = await startServer()));
  afterAll(() => server?.stop());

  test("the wait page shows how long the participant has waited and the time left; at zero the fallback moves them, pushed to the open tab", async () => {
    const s = await newSession(server, "lobby", 1);
    const lobby = await submitCurrent(s.urls[0]!);
    expect(lobby.title).toBe("Please wait");
    // (a busy machine may take a few seconds between the arrival and the render)
    expect(text(lobby.html)).toMatch(/You have waited 0:0\d/);
    expect(text(lobby.html)).toMatch(/Time left to wait: (10:00|9:[0-5]\d)/);
    const tab = await connectParticipant(server.url, s.urls[0]!, 0);
    await runOutDeadlines(server.db, { sessionId: s.id, position: 0 });
    await eventually(() => tab.received.some((r) => r.event === "page:refresh"));
    tab.close();
    const player = await server.db.player.findFirstOrThrow({ where: { sessionId: s.id } });
    expect(player.position).toBe(4);
    const solo = await getPage(s.urls[0]!);
    expect(solo.title).toBe("Solo");
    expect(text(solo.html)).toContain("Nobody else came");
  });

  test("a sync page without showTimeLeft shows only the time waited; its end fallback shows the message at the end", async () => {
    const s = await newSession(server, "lobby", 3);
    for (const url of s.urls) await submitCurrent(url);
    expect((await getPage(s.urls[0]!)).title).toBe("Play");
    const sync = await submitCurrent(s.urls[0]!);
    expect(text(sync.html)).toMatch(/You have waited 0:0\d/);
    expect(text(sync.html)).not.toContain("Time left");
    await runOutDeadlines(server.db, { sessionId: s.id, position: 2 });
    await eventually(async () => (await server.db.player.findFirstOrThrow({ where: { sessionId: s.id, name: s.players[0]!.name } })).position === 5);
    const end = await getPage(s.urls[0]!);
    expect(text(end.html)).toContain("Your partner did not come back in time. Thank you for waiting.");
    expect(text(end.html)).toContain("You have reached the end of this study");
  });
});

// Two server processes on one PostgreSQL database, each with its sweep running: every wait
// timeout fires once, and the group forms once.
const describeOnPostgres = TEST_ENGINE === "postgresql" ? describe : describe.skip;
describeOnPostgres("two instances", () => {
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    a = await startServer();
    b = await startServer({ databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  test("a grouping wait's timeout forms a smaller group, or moves a lone player on, exactly once", async () => {
    const pairs = await newSession(a, "lobby", 2);
    const lone = await newSession(a, "lobby", 1);
    await submitCurrent(pairs.urls[0]!);
    await submitCurrent(pairs.urls[1]!.replace(a.url, b.url));
    await submitCurrent(lone.urls[0]!.replace(a.url, b.url));
    await runOutDeadlines(a.db, { sessionId: { in: [pairs.id, lone.id] } });
    const positions = async (sessionId: number) => (await a.db.player.findMany({ where: { sessionId }, orderBy: { id: "asc" } })).map((p) => p.position);
    await eventually(async () => (await positions(pairs.id)).every((p) => p === 1) && (await positions(lone.id))[0] === 4);
    // Every deadline is closed (the released player's by a later sweep), and nothing ran twice.
    await eventually(async () => (await a.db.deadline.count({ where: { sessionId: { in: [pairs.id, lone.id] }, firedAt: null } })) === 0);
    expect(await a.db.group.count({ where: { sessionId: pairs.id } })).toBe(1);
    expect(await a.db.fieldWrite.count({ where: { sessionId: pairs.id, key: "_waitTimeout" } })).toBe(1);
    expect(await a.db.fieldWrite.count({ where: { sessionId: pairs.id, key: "groupedRuns" } })).toBe(1);
    expect(await a.db.fieldWrite.count({ where: { sessionId: lone.id, key: "_waitTimeout" } })).toBe(1);
    expect(await a.db.pageVisit.count({ where: { sessionId: lone.id, page: "lobby/Solo" } })).toBe(1);
    expect(await a.db.pageVisit.count({ where: { sessionId: pairs.id, page: "lobby/Play" } })).toBe(2);
    expect(await positions(pairs.id)).toEqual([1, 1]);
  });
});
