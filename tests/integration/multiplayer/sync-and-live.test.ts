import { getPage, postForm, submitCurrent, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { currentValues, newSession } from "../../helpers/sessions";
import { connectParticipant, eventually, type ParticipantSocket } from "../../helpers/sockets";

let server: RunningServer;
const sockets: ParticipantSocket[] = [];
beforeAll(async () => (server = await startServer()));
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

/** A fresh pair on the Decide page (position 1), with a socket for each. */
async function pair() {
  const s = await newSession(server, "pairs", 2);
  await Promise.all(s.urls.map((u) => postForm(u, { _position: -1 })));
  const [a, b] = await Promise.all(s.urls.map((u) => connectParticipant(server.url, u)));
  sockets.push(a!, b!);
  return { ...s, a: a!, b: b! };
}

const position = async (sessionId: number, name: string) => (await server.db.player.findFirstOrThrow({ where: { sessionId, name } })).position;

test("the last arrival at a sync page releases the others by a push, and onAllHere runs once", async () => {
  const p = await pair();
  await submitCurrent(p.urls[0]!, { cooperate: "0" });
  expect(await position(p.id, p.players[0]!.name)).toBe(2);
  expect((await getPage(p.urls[0]!)).html).toContain("data-wait");
  expect(p.a.received.filter((e) => e.event === "page:refresh")).toHaveLength(0);
  // The partner arrives: it passes straight through and releases the one waiting.
  const partner = await submitCurrent(p.urls[1]!, { cooperate: "1" });
  expect(partner.title).toBe("Result");
  await eventually(() => p.a.received.some((e) => e.event === "page:refresh"));
  expect(p.b.received.some((e) => e.event === "page:refresh")).toBe(false);
  expect(await position(p.id, p.players[0]!.name)).toBe(3);
  expect(text((await getPage(p.urls[0]!)).html)).toContain("payoff=2");
  expect(text((await getPage(p.urls[1]!)).html)).toContain("payoff=5");
  const group = await server.db.group.findFirstOrThrow({ where: { sessionId: p.id } });
  expect(await server.db.fieldValue.findUnique({ where: { ownerKind_ownerId_key: { ownerKind: "group", ownerId: group.id, key: "syncRuns" } } })).toMatchObject({ value: "1" });
});

test("a page that missed its release before its socket connected catches up at once", async () => {
  const p = await pair();
  await submitCurrent(p.urls[0]!, { cooperate: "0" });
  await submitCurrent(p.urls[1]!, { cooperate: "0" }); // releases the first, whose page still shows the wait (position 2)
  const late = await connectParticipant(server.url, p.urls[0]!, 2);
  sockets.push(late);
  await eventually(() => late.received.some((e) => e.event === "page:refresh"));
  const current = await connectParticipant(server.url, p.urls[0]!, 3);
  sockets.push(current);
  await new Promise((r) => setTimeout(r, 200));
  expect(current.received).toEqual([]);
});

test("Back never crosses a wait page", async () => {
  const p = await pair();
  await Promise.all([postForm(p.urls[0]!, { _position: 1, cooperate: "0" }), postForm(p.urls[1]!, { _position: 1, cooperate: "0" })]);
  const back = await postForm(p.urls[0]!, { _position: 3, _back: "1" });
  expect(back.headers.get("x-sprout-outcome")).toBe("stale");
  expect(await position(p.id, p.players[0]!.name)).toBe(3);
});

test("both arriving at the same instant: both move on, onAllHere once", async () => {
  const p = await pair();
  await Promise.all([postForm(p.urls[0]!, { _position: 1, cooperate: "0" }), postForm(p.urls[1]!, { _position: 1, cooperate: "0" })]);
  expect([await position(p.id, p.players[0]!.name), await position(p.id, p.players[1]!.name)]).toEqual([3, 3]);
  const group = await server.db.group.findFirstOrThrow({ where: { sessionId: p.id } });
  expect(await server.db.fieldWrite.count({ where: { ownerKind: "group", ownerId: group.id, key: "syncRuns" } })).toBe(1);
});

test("a session-wide wait holds everyone until the last player of the session arrives", async () => {
  const s = await newSession(server, "everyone", 3);
  for (const u of s.urls) await submitCurrent(u);
  await submitCurrent(s.urls[0]!);
  await submitCurrent(s.urls[1]!);
  const positions = async () => (await server.db.player.findMany({ where: { sessionId: s.id }, orderBy: { index: "asc" } })).map((p) => p.position);
  expect(await positions()).toEqual([1, 1, 0]);
  expect((await submitCurrent(s.urls[2]!)).title).toBe("Done");
  expect(await positions()).toEqual([2, 2, 2]);
  expect(await server.db.fieldWrite.count({ where: { sessionId: s.id, key: "allHereRuns" } })).toBe(1);
});

describe("live methods", () => {
  test("a call stores, answers, and pushes to the group and to every tab of the caller", async () => {
    const p = await pair();
    const secondTab = await connectParticipant(server.url, p.urls[0]!);
    sockets.push(secondTab);
    const result = await p.a.emitWithAck("live:call", { position: 1, method: "note", args: { text: "hello" } });
    expect(result).toEqual({ ok: true, data: { stored: "hello" } });
    expect((await currentValues(server, p.id, p.players[0]!.name)).note).toBe("hello");
    const write = await server.db.fieldWrite.findFirstOrThrow({ where: { sessionId: p.id, key: "note" } });
    expect(write).toMatchObject({ byKind: "hook", hook: "live:note", page: "pairs/Decide", position: 1, codeLine: "tests/fixtures/apps/pairs.tsx:24" });
    for (const tab of [p.a, secondTab]) {
      await eventually(() => tab.received.some((e) => e.event === "live:event" && JSON.stringify(e.payload) === JSON.stringify({ event: "echo", data: { text: "hello" } })));
    }
    for (const member of [p.a, p.b, secondTab]) await eventually(() => member.received.some((e) => e.event === "live:event" && (e.payload as { event: string }).event === "noted"));
    // "page": everyone of the session on this page (both of the pair are on Decide).
    for (const member of [p.a, p.b]) await eventually(() => member.received.some((e) => (e.payload as { event?: string })?.event === "onpage"));
    expect(p.b.received.some((e) => (e.payload as { event?: string })?.event === "echo")).toBe(false);
  });

  test("bad arguments, an unknown method, another page's method and a malformed call are refused and change nothing", async () => {
    const p = await pair();
    const count = () => server.db.fieldWrite.count({ where: { sessionId: p.id } });
    const before = await count();
    const bad = await p.a.emitWithAck("live:call", { position: 1, method: "note", args: { text: "" } });
    expect(bad).toEqual({ ok: false, error: "Invalid arguments for note: text: Too small: expected string to have >=1 characters" });
    expect(await p.a.emitWithAck("live:call", { position: 1, method: "note", args: "hello" })).toMatchObject({ ok: false, error: expect.stringMatching(/^Invalid arguments for note/) });
    expect(await p.a.emitWithAck("live:call", { position: 1, method: "steal", args: {} })).toEqual({ ok: false, error: 'This page has no live method "steal"' });
    expect(await p.a.emitWithAck("live:call", { position: 1, method: "constructor", args: {} })).toEqual({ ok: false, error: 'This page has no live method "constructor"' });
    expect(await p.a.emitWithAck("live:call", { position: 3, method: "note", args: { text: "x" } })).toEqual({ ok: false, error: "This page is no longer the participant's current page" });
    expect(await p.a.emitWithAck("live:call", { nonsense: true } as never)).toEqual({ ok: false, error: "A live call needs { position, method, args }" });
    expect(await count()).toBe(before);
    // Once the player has left the page, its method is refused.
    await submitCurrent(p.urls[0]!, { cooperate: "0" });
    expect(await p.a.emitWithAck("live:call", { position: 1, method: "note", args: { text: "late" } })).toEqual({ ok: false, error: "This page is no longer the participant's current page" });
    expect(await server.db.fieldWrite.count({ where: { sessionId: p.id, key: "note" } })).toBe(0);
  });

  test("a socket without a valid participant link is refused", async () => {
    await expect(connectParticipant(server.url, `${server.url}/p/nosuch/nobody/`)).rejects.toThrow("There is no such participant link");
    const { io } = await import("socket.io-client");
    const anonymous = io(`${server.url}/participant`, { transports: ["websocket"], reconnection: false });
    await expect(new Promise((_, reject) => anonymous.once("connect_error", reject))).rejects.toThrow(/needs the session and player names/);
    anonymous.close();
  });
});
