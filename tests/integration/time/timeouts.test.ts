import { submitPage } from "@/lib/engine/participant/navigation";
import { createSession } from "@/lib/engine/admin/sessions";
import { sweepDeadlines } from "@/lib/engine/time/sweep";
import { createDb } from "@/lib/store/db";
import { freshDb } from "../../helpers/database";
import { getPage, postForm, submitCurrent, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { currentValues, newSession } from "../../helpers/sessions";
import { eventually } from "../../helpers/sockets";
import { runOutDeadlines } from "../../helpers/time";

// No test here waits for a deadline: the fixture's pages have a minute and more, and a test
// that needs the time to be up moves the stored deadline (runOutDeadlines), or sets it to
// a moment it chooses. So a slow machine changes how long they take, never their outcome.

describe("with the server running", () => {
  let server: RunningServer;
  // A grace of 10 minutes: the sweep never overtakes a submission these tests send themselves
  // just before or after a deadline, however long the request takes.
  beforeAll(async () => (server = await startServer({ env: { SPROUT_SWEEP_GRACE_MS: "600000" } })));
  afterAll(() => server?.stop());

  test("a timeout fires with no browser open: the sweep moves the player on, onTimeout once", async () => {
    const s = await newSession(server, "timed");
    await submitCurrent(s.urls[0]!);
    const player = () => server.db.player.findFirstOrThrow({ where: { sessionId: s.id } });
    expect((await player()).position).toBe(0);
    await runOutDeadlines(server.db, { sessionId: s.id, position: 0 });
    await eventually(async () => (await player()).position === 1);
    expect(await currentValues(server, s.id, s.players[0]!.name)).toMatchObject({ timedOut: 1, afterRuns: 1 });
    const visit = await server.db.pageVisit.findFirstOrThrow({ where: { sessionId: s.id, position: 0 } });
    expect(visit.leftHow).toBe("timeout");
    expect(await server.db.fieldWrite.findFirstOrThrow({ where: { sessionId: s.id, key: "position", position: 0 } })).toMatchObject({ byKind: "timeout", page: "timed/Quick" });
    expect(await server.db.fieldWrite.findFirstOrThrow({ where: { sessionId: s.id, key: "timedOut" } })).toMatchObject({ byKind: "hook", hook: "onTimeout" });
    expect((await getPage(s.urls[0]!)).title).toBe("Slow");
  });

  test("at the deadline valid answers are kept and invalid ones dropped; the player moves on either way", async () => {
    for (const [answer, kept] of [["7", 7], ["99", undefined]] as const) {
      const s = await newSession(server, "timed");
      await submitCurrent(s.urls[0]!);
      // The page's own auto-submit, sent half a second before the deadline (inside the
      // tolerance); arriving later, it is past the deadline and still within the sweep's grace.
      await server.db.deadline.updateMany({ where: { sessionId: s.id, position: 0 }, data: { dueAt: new Date(Date.now() + 500) } });
      const res = await postForm(s.urls[0]!, { _position: 0, answer, _timeout: "1" });
      expect(res.headers.get("x-sprout-outcome")).toBe("advanced");
      const values = await currentValues(server, s.id, s.players[0]!.name);
      expect([values.answer, values.timedOut]).toEqual([kept, 1]);
      expect((await server.db.pageVisit.findFirstOrThrow({ where: { sessionId: s.id, position: 0 } })).leftHow).toBe("timeout");
    }
  });

  // Where exactly the line falls (a click half a second before the deadline is still ordinary,
  // the auto-submit then is not) is the "isDue" test below, on a clock it sets.
  test("a click before the deadline is an ordinary submission (no onTimeout)", async () => {
    const s = await newSession(server, "timed");
    await submitCurrent(s.urls[0]!);
    expect((await postForm(s.urls[0]!, { _position: 0, answer: "4" })).headers.get("x-sprout-outcome")).toBe("advanced");
    expect((await currentValues(server, s.id, s.players[0]!.name)).timedOut).toBeUndefined();
    expect((await server.db.pageVisit.findFirstOrThrow({ where: { sessionId: s.id, position: 0 } })).leftHow).toBe("submit");
  });

  test("Back returns to a timed page still open, and goes past one whose time ran out", async () => {
    const s = await newSession(server, "timed");
    await submitCurrent(s.urls[0]!);
    await submitCurrent(s.urls[0]!, { answer: 2 });
    expect((await submitCurrent(s.urls[0]!, { x: 1 })).title).toBe("After");
    // Slow's 10 minutes are not over: Back goes there.
    expect((await postForm(s.urls[0]!, { _position: 2, _back: "1" })).headers.get("x-sprout-outcome")).toBe("advanced");
    expect((await getPage(s.urls[0]!)).title).toBe("Slow");
    expect((await submitCurrent(s.urls[0]!, { x: 2 })).title).toBe("After");
    // Once its time is up (and Quick's long ago), there is nothing to go back to.
    await server.db.deadline.updateMany({ where: { sessionId: s.id }, data: { dueAt: new Date(Date.now() - 1000) } });
    expect((await postForm(s.urls[0]!, { _position: 2, _back: "1" })).headers.get("x-sprout-outcome")).toBe("stale");
    expect((await getPage(s.urls[0]!)).title).toBe("After");
  });

  test("a page whose deadline already fired shows no countdown (so it never submits itself again)", async () => {
    const s = await newSession(server, "timed");
    await submitCurrent(s.urls[0]!);
    await submitCurrent(s.urls[0]!, { answer: 1 });
    expect(text((await getPage(s.urls[0]!)).html)).toContain("Time left on this page");
    await server.db.deadline.updateMany({ where: { sessionId: s.id, position: 1 }, data: { firedAt: new Date() } });
    expect(text((await getPage(s.urls[0]!)).html)).not.toContain("Time left on this page");
  });

  test("the page shows the time left, counted from the first visit (a reload does not restart it)", async () => {
    const s = await newSession(server, "timed", 1, { settings: { slow: "600" } });
    await submitCurrent(s.urls[0]!);
    await submitCurrent(s.urls[0]!, { answer: 1 });
    const first = await getPage(s.urls[0]!);
    expect(first.title).toBe("Slow");
    // (9:xx: up to a minute may pass on a busy machine between the move and the render.)
    expect(text(first.html)).toMatch(/Time left on this page: (10:00|9:[0-5]\d)/);
    // Four of the ten minutes pass (the deadline as if the first visit had been 4 minutes earlier).
    const where = { sessionId: s.id, position: 1 };
    const dueAt = new Date((await server.db.deadline.findFirstOrThrow({ where })).dueAt.getTime() - 4 * 60_000);
    await server.db.deadline.updateMany({ where, data: { dueAt } });
    const reloaded = await getPage(s.urls[0]!);
    expect(reloaded.title).toBe("Slow");
    expect(text(reloaded.html)).toMatch(/Time left on this page: (6:00|5:[0-5]\d)/);
    expect((await server.db.deadline.findFirstOrThrow({ where })).dueAt).toEqual(dueAt);
  });
});

test("a deadline survives a server restart, and the new server fires it", async () => {
  let server = await startServer();
  // Ten minutes: a restart, however slow, is over long before.
  const s = await newSession(server, "timed", 1, { settings: { slow: "600" } });
  await submitCurrent(s.urls[0]!);
  await submitCurrent(s.urls[0]!, { answer: 3 });
  const before = await server.db.deadline.findFirstOrThrow({ where: { sessionId: s.id, position: 1 } });
  await server.stop();
  server = await startServer({ databaseUrl: server.databaseUrl });
  try {
    expect((await getPage(s.urls[0]!.replace(/http:\/\/[^/]+/, server.url))).title).toBe("Slow");
    expect(await server.db.deadline.findFirstOrThrow({ where: { id: before.id } })).toMatchObject({ dueAt: before.dueAt, firedAt: null });
    // The time runs out while only the new server is there: its sweep moves the player on.
    await runOutDeadlines(server.db, { id: before.id });
    await eventually(async () => (await server.db.player.findFirstOrThrow({ where: { sessionId: s.id } })).position === 2);
    expect(await server.db.deadline.findFirstOrThrow({ where: { id: before.id } })).toMatchObject({ firedAt: expect.any(Date) });
    expect((await server.db.pageVisit.findFirstOrThrow({ where: { sessionId: s.id, position: 1 } })).leftHow).toBe("timeout");
  } finally {
    await server.stop();
  }
});

describe("the sweep on its own", () => {
  async function timedPlayers(n: number) {
    const { db, url } = freshDb();
    const other = createDb(url);
    const s = await createSession(db, { config: "timed", players: n }, { byKind: "system" });
    for (const p of s.players) await submitPage({ db, read: db }, s.name, p.name, -1, {});
    // Past the deadline and the sweep's grace period.
    await db.deadline.updateMany({ data: { dueAt: new Date(Date.now() - 10_000) } });
    return { db, other, s };
  }

  test("two sweeps racing fire each deadline exactly once", async () => {
    // Both read all 20 as due before either claims one (reads on their own connection); the
    // claims then race. (Two writer connections in one process would only deadlock SQLite's
    // busy wait: a second instance is a second process, and PostgreSQL's job.)
    const { db, other, s } = await timedPlayers(20);
    const [a, b] = await Promise.all([sweepDeadlines({ db, read: other }), sweepDeadlines({ db, read: other })]);
    expect(a + b).toBe(20);
    expect(await db.player.count({ where: { sessionId: s.id, position: 1 } })).toBe(20);
    expect(await db.fieldWrite.count({ where: { sessionId: s.id, key: "timedOut" } })).toBe(20);
    expect(await db.pageVisit.count({ where: { sessionId: s.id, leftHow: "timeout" } })).toBe(20);
    expect(await sweepDeadlines({ db, read: db })).toBe(0);
    await Promise.all([db.$disconnect(), other.$disconnect()]);
  });

  test("nothing fires while the session is paused; resuming fires what is due", async () => {
    const { db, other, s } = await timedPlayers(3);
    await db.session.update({ where: { id: s.id }, data: { active: false } });
    expect(await sweepDeadlines({ db, read: db })).toBe(0);
    expect(await db.player.count({ where: { sessionId: s.id, position: 0 } })).toBe(3);
    expect(await db.deadline.count({ where: { sessionId: s.id, firedAt: null } })).toBe(3);
    await db.session.update({ where: { id: s.id }, data: { active: true } });
    expect(await sweepDeadlines({ db, read: db })).toBe(3);
    await Promise.all([db.$disconnect(), other.$disconnect()]);
  });
});
