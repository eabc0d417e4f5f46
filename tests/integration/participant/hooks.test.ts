import { getPage, postForm, submitCurrent, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { currentValues, newSession } from "../../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

// The hooks fixture's page order: 0 Choose, 1 Tally (logic), 2 Maybe (shown if chosen), 3 Counted,
// 4 Validated (allowBack), 5 Boom (afterOnce throws for 13), 6 Last (prefilled).
const SHOW = "0";
const SKIP = "1";

async function participant() {
  const s = await newSession(server, "hooks");
  const url = s.urls[0]!;
  await submitCurrent(url);
  const values = () => currentValues(server, s.id, s.players[0]!.name);
  const player = () => server.db.player.findFirstOrThrow({ where: { sessionId: s.id } });
  return { ...s, url, values, player };
}

test("show skips a page, a logic page runs once and is never shown", async () => {
  const skipper = await participant();
  const page = await submitCurrent(skipper.url, { choice: SKIP });
  expect([page.title, page.position]).toEqual(["Counted", 3]);
  expect(await skipper.values()).toMatchObject({ logicRuns: 1, beforeRuns: 1 });

  const shower = await participant();
  expect((await submitCurrent(shower.url, { choice: SHOW })).title).toBe("Maybe");
  expect((await shower.values()).beforeRuns).toBeUndefined();
  expect((await submitCurrent(shower.url)).title).toBe("Counted");
  expect(await shower.values()).toMatchObject({ logicRuns: 1, beforeRuns: 1 });
});

test("beforeOnce and afterOnce run once per position under reloads, double submits, stale tabs and Back", async () => {
  const p = await participant();
  await submitCurrent(p.url, { choice: SKIP });
  for (let i = 0; i < 3; i++) expect((await getPage(p.url)).title).toBe("Counted");
  // a double submit: both requests at once, exactly one moves the player
  const both = await Promise.all([postForm(p.url, { _position: 3, n: 1 }), postForm(p.url, { _position: 3, n: 2 })]);
  expect(both.map((r) => r.status)).toEqual([303, 303]);
  expect((await getPage(p.url)).title).toBe("Validated");
  expect(await p.values()).toMatchObject({ beforeRuns: 1, afterRuns: 1 });
  expect(await server.db.fieldWrite.count({ where: { sessionId: p.id, key: "n" } })).toBe(1);
  // a second tab still showing Counted submits: nothing happens
  await postForm(p.url, { _position: 3, n: 3 });
  // Back to Counted, then forward again: the position's hooks have run and do not again
  expect((await postForm(p.url, { _position: 4, _back: "1" })).status).toBe(303);
  expect((await getPage(p.url)).title).toBe("Counted");
  expect((await submitCurrent(p.url, { n: 4 })).title).toBe("Validated");
  expect(await p.values()).toMatchObject({ beforeRuns: 1, afterRuns: 1, n: 4 });
  const visits = await server.db.pageVisit.findMany({ where: { sessionId: p.id }, orderBy: { id: "asc" } });
  expect(visits.map((v) => [v.page, v.leftHow])).toEqual([
    ["hooks/Choose", "submit"], ["hooks/Counted", "submit"], ["hooks/Validated", "back"], ["hooks/Counted", "submit"], ["hooks/Validated", null],
  ]);
});

test("Back is refused on a page that does not allow it", async () => {
  const p = await participant();
  await submitCurrent(p.url, { choice: SKIP });
  await postForm(p.url, { _position: 3, _back: "1" });
  expect((await getPage(p.url)).title).toBe("Counted");
  expect((await getPage(p.url)).html).not.toContain('name="_back"');
});

test("validate adds rules across fields, as page or field messages, and stores nothing until they hold", async () => {
  const p = await participant();
  await submitCurrent(p.url, { choice: SKIP });
  await submitCurrent(p.url, { n: 1 });
  const before = await server.db.fieldWrite.count({ where: { sessionId: p.id } });
  let page = await submitCurrent(p.url, { a: 0, b: 10 });
  expect(page.title).toBe("Validated");
  expect(text(page.html)).toContain("a must not be 0");
  page = await submitCurrent(p.url, { a: 3, b: 3 });
  expect(text(page.html)).toContain("a + b must be 10");
  expect(page.html).toMatch(/id="field-b-error"[^>]*>a \+ b must be 10</);
  expect(await server.db.fieldWrite.count({ where: { sessionId: p.id } })).toBe(before);
  expect((await submitCurrent(p.url, { a: 4, b: 6 })).title).toBe("Boom");
});

test("a hook that throws shows a polite message, is logged with app/page/hook, and leaves nothing behind", async () => {
  const p = await participant();
  await submitCurrent(p.url, { choice: SKIP });
  await submitCurrent(p.url, { n: 7 });
  await submitCurrent(p.url, { a: 4, b: 6 });
  const player = await p.player();
  const counts = async () => [
    await server.db.fieldWrite.count({ where: { sessionId: p.id } }),
    await server.db.onceMarker.count({ where: { ownerKind: "player", ownerId: player.id } }),
    await server.db.pageVisit.count({ where: { sessionId: p.id } }),
  ];
  const before = await counts();
  const page = await submitCurrent(p.url, { x: 13 });
  expect(page.title).toBe("Boom");
  expect(text(page.html)).toContain("something went wrong while saving this page, and nothing was saved");
  expect(page.html).toMatch(/name="x"[^>]*value="13"/);
  expect(await counts()).toEqual(before);
  expect((await p.values()).beforeBoom).toBeUndefined();
  expect((await p.player()).position).toBe(5);
  expect(server.output()).toContain("afterOnce of hooks/Boom failed: unlucky thirteen");
  // Trying again with another value works, and the hook runs (once).
  const last = await submitCurrent(p.url, { x: 1 });
  expect(last.title).toBe("Last");
  expect(await server.db.fieldWrite.count({ where: { sessionId: p.id, key: "beforeBoom" } })).toBe(1);
  expect(last.html).toMatch(/name="n"[^>]*value="7"/);
});
