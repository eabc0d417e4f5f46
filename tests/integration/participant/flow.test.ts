import { newSession as createFor } from "../../helpers/sessions";
import { getPage, postForm, submitCurrent, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

const newSession = (players = 1, extra: { settings?: Record<string, string> } = {}) => createFor(server, "basics", players, extra);
const valid = { nickname: "Ann", age: "33", likes: "1", comment: "" };

test("a participant plays the config through to the end page", async () => {
  const { urls } = await newSession();
  const url = urls[0]!;
  const start = await getPage(url);
  expect([start.status, start.title, start.position]).toEqual([200, "Welcome", -1]);
  let page = await submitCurrent(url);
  expect([page.title, page.position]).toEqual(["Intro", 0]);
  page = await submitCurrent(url, valid);
  expect([page.title, page.position]).toEqual(["Middle", 1]);
  page = await submitCurrent(url);
  expect([page.title, page.position]).toEqual(["Rate", 2]);
  page = await submitCurrent(url, { rating: "5" });
  expect([page.status, page.title, page.position]).toEqual([200, "Thank you", null]);
  expect(text(page.html)).toContain("You have reached the end of this study");
});

test("initialization is lazy: nothing runs until the participant starts", async () => {
  const { id, urls } = await newSession(2);
  await getPage(urls[0]!);
  await getPage(urls[0]!);
  expect(await server.db.fieldWrite.count({ where: { sessionId: id, byKind: "hook" } })).toBe(0);
  expect(await server.db.player.count({ where: { sessionId: id, started: true } })).toBe(0);
  expect((await server.db.session.findUniqueOrThrow({ where: { id } })).initialized).toBe(false);
});

test("newSession runs once per session and newPlayer once per player, even when all start at once", async () => {
  const { id, urls } = await newSession(6, { settings: { greeting: "servus" } });
  // Every player starts twice at the same moment (two tabs): 12 racing start requests.
  const starts = await Promise.all([...urls, ...urls].map((u) => postForm(u, { _position: -1 })));
  expect(starts.map((r) => r.status)).toEqual(Array(12).fill(303));
  for (const url of urls) {
    await submitCurrent(url, valid);
    expect(text((await getPage(url)).html)).toContain("greeting=servus sessionInits=1 playerInits=1");
  }
  const players = await server.db.player.findMany({ where: { sessionId: id } });
  expect(players.every((p) => p.started && p.initialized && JSON.parse(p.pageOrder).length === 3)).toBe(true);
  const sessionHookWrites = await server.db.fieldWrite.count({ where: { sessionId: id, ownerKind: "session", hook: "newSession" } });
  expect(sessionHookWrites).toBe(1);
  expect(await server.db.fieldWrite.count({ where: { sessionId: id, key: "playerInits" } })).toBe(6);
});

test("a failing newPlayer leaves the participant unstarted, says so, and the page does not retry by itself", async () => {
  const { id, urls } = await createFor(server, "basics", 1, { settings: { failStart: "yes" } });
  expect((await postForm(urls[0]!, { _position: -1 })).status).toBe(303);
  const page = await getPage(urls[0]!);
  expect(page.title).toBe("Welcome");
  expect(text(page.html)).toContain("something went wrong while saving this page, and nothing was saved");
  expect(page.html).not.toContain("requestSubmit");
  expect(await server.db.player.findFirstOrThrow({ where: { sessionId: id } })).toMatchObject({ position: -1, started: false, initialized: false });
  expect((await server.db.session.findUniqueOrThrow({ where: { id } })).initialized).toBe(false);
  expect(await server.db.fieldWrite.count({ where: { sessionId: id, byKind: { not: "system" } } })).toBe(0);
  expect(server.output()).toContain("newPlayer of basics failed: start refused by the fixture");
  // Once the cause is gone, Start works.
  await server.db.session.update({ where: { id }, data: { settings: "{}" } });
  expect((await submitCurrent(urls[0]!)).title).toBe("Intro");
  expect((await submitCurrent(urls[0]!, valid)).title).toBe("Middle");
});

test("writes carry context and provenance, hook writes name the experiment's file:line", async () => {
  const { id, urls, players } = await newSession();
  await submitCurrent(urls[0]!);
  await submitCurrent(urls[0]!, valid);
  const player = await server.db.player.findFirstOrThrow({ where: { sessionId: id, name: players[0]!.name } });
  const writes = await server.db.fieldWrite.findMany({ where: { ownerKind: "player", ownerId: player.id }, orderBy: { seq: "asc" } });
  const byKey = (key: string) => writes.filter((w) => w.key === key);
  expect(byKey("greeting")[0]).toMatchObject({ byKind: "hook", hook: "newPlayer", app: "basics", position: -1, codeLine: "tests/fixtures/apps/basics.tsx:34" });
  expect(byKey("nickname")[0]).toMatchObject({ value: '"Ann"', byKind: "participant", page: "basics/Intro", app: "basics", position: 0, codeLine: null });
  expect(byKey("likes")[0]!.value).toBe("false");
  expect(byKey("comment")[0]!.value).toBe("null");
  expect(byKey("position").map((w) => w.value)).toEqual(["0", "1"]);
  const current = await server.db.fieldValue.findMany({ where: { ownerKind: "player", ownerId: player.id } });
  expect(Object.fromEntries(current.map((c) => [c.key, c.value]))).toMatchObject({ nickname: '"Ann"', age: "33", likes: "false", position: "1" });
  const visits = await server.db.pageVisit.findMany({ where: { playerId: player.id }, orderBy: { id: "asc" } });
  expect(visits.map((v) => [v.position, v.page, v.leftHow])).toEqual([[0, "basics/Intro", "submit"], [1, "basics/Middle", null]]);
  expect(visits[0]!.leftAt!.getTime()).toBeGreaterThanOrEqual(visits[0]!.enteredAt.getTime());
});

describe("submissions that are not for the current page change nothing", () => {
  test("a stale tab, a double click and a replayed request", async () => {
    const { id, urls } = await newSession();
    const url = urls[0]!;
    await submitCurrent(url);
    const logBefore = await server.db.fieldWrite.count({ where: { sessionId: id } });
    // double click: the same form twice at once; exactly one counts
    const both = await Promise.all([postForm(url, { _position: 0, ...valid }), postForm(url, { _position: 0, ...valid, nickname: "Bob" })]);
    expect(both.map((r) => r.status)).toEqual([303, 303]);
    const afterDouble = await server.db.fieldWrite.count({ where: { sessionId: id } });
    expect(afterDouble - logBefore).toBe(5); // four fields + position, once
    // replay of the first page's form, and a stale tab from before the start
    expect((await postForm(url, { _position: 0, ...valid, nickname: "Eve" })).status).toBe(303);
    expect((await postForm(url, { _position: -1 })).status).toBe(303);
    // a form for a page the player has not reached yet
    expect((await postForm(url, { _position: 2, rating: "1" })).status).toBe(303);
    expect(await server.db.fieldWrite.count({ where: { sessionId: id } })).toBe(afterDouble);
    expect((await getPage(url)).title).toBe("Middle");
    const nicknames = await server.db.fieldWrite.findMany({ where: { sessionId: id, key: "nickname" } });
    expect(nicknames).toHaveLength(1);
  });
});

describe("invalid input", () => {
  test("re-renders with messages and what was typed, and stores nothing", async () => {
    const { id, urls } = await newSession();
    const url = urls[0]!;
    await submitCurrent(url);
    const before = await server.db.fieldWrite.count({ where: { sessionId: id } });
    const res = await postForm(url, { _position: 0, nickname: "<b>Zed</b>", age: "twelve", comment: "kept" });
    expect(res.status).toBe(303);
    const page = await getPage(url);
    expect(page.title).toBe("Intro");
    expect(page.html).toContain("Please enter a whole number.");
    expect(page.html).toContain("Please choose one of the options.");
    expect(page.html).toContain('value="twelve"');
    expect(page.html).toContain('value="kept"');
    expect(page.html).toContain('value="&lt;b&gt;Zed&lt;/b&gt;"');
    expect(page.html).not.toContain("<b>Zed</b>");
    expect(await server.db.fieldWrite.count({ where: { sessionId: id } })).toBe(before);
    // fixing the input moves on and forgets the errors
    const next = await submitCurrent(url, valid);
    expect(next.title).toBe("Middle");
    expect(next.html).not.toContain("Please enter");
  });
});

describe("bad addresses and requests", () => {
  test("an unknown session or player gives a 404 page", async () => {
    const { name, urls } = await newSession();
    for (const u of [`${server.url}/p/nosuch/${urls[0]!.split("/")[5]}/`, `${server.url}/p/${name}/nosuchplayer/`]) {
      const res = await fetch(u);
      expect(res.status).toBe(404);
      expect(await res.text()).toMatch(/<h1[^>]*>Page not found<\/h1>/);
      const post = await postForm(u, { _position: -1 });
      expect(post.status).toBe(404);
      expect(await post.text()).toContain("There is no such participant link");
    }
  });

  test("a form without its page position gets a 400 and changes nothing", async () => {
    const { id, urls } = await newSession();
    const bodies: Record<string, string>[] = [{}, { _position: "x" }, { _position: "1e3" }, { _position: "99999999999" }];
    for (const body of bodies) {
      const res = await postForm(urls[0]!, body);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("does not say which page it belongs to");
    }
    const res = await fetch(`${urls[0]}submit/`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(await server.db.player.count({ where: { sessionId: id, started: true } })).toBe(0);
  });

  test("a paused session shows a paused page and accepts no submission", async () => {
    const { id, urls } = await newSession();
    await submitCurrent(urls[0]!);
    await server.db.session.update({ where: { id }, data: { active: false } });
    expect((await getPage(urls[0]!)).title).toBe("Paused");
    const before = await server.db.fieldWrite.count({ where: { sessionId: id } });
    await postForm(urls[0]!, { _position: 0, ...valid });
    expect(await server.db.fieldWrite.count({ where: { sessionId: id } })).toBe(before);
    await server.db.session.update({ where: { id }, data: { active: true } });
    expect((await getPage(urls[0]!)).title).toBe("Intro");
  });
});
