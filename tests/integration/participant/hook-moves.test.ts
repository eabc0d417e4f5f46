import { createSession } from "@/lib/engine/admin/sessions";
import { submitPage } from "@/lib/engine/participant/navigation";
import { getParticipantView } from "@/lib/engine/participant/view";
import { freshDb } from "../../helpers/database";
import { submitCurrent } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { connectParticipant, eventually } from "../../helpers/sockets";

// movers: Pair (groups of 2), Choose (its afterOnce moves players by the choice), Middle,
// Sync, Last.
const CHOOSE = 1;
const MIDDLE = 2;
const LAST = 4;
const END = 5;
/** The form posts a choice's index. */
const CHOICE = { stay: "0", skip: "1", end: "2", kick: "3", bad: "4" } as const;

async function paired() {
  const { db } = freshDb();
  const s = await createSession(db, { config: "movers", players: 2 }, { byKind: "system" });
  for (const p of s.players) await submitPage({ db, read: db }, s.name, p.name, -1, {});
  const [a, b] = s.players.map((p) => p.name) as [string, string];
  const position = async (name: string) => (await db.player.findFirstOrThrow({ where: { sessionId: s.id, name } })).position;
  const choose = (name: string, choice: keyof typeof CHOICE) => submitPage({ db, read: db }, s.name, name, CHOOSE, { choice: CHOICE[choice] });
  return { db, s, a, b, position, choose };
}

test("moveTo from a hook moves its own player, after its own move, recorded with the hook's provenance", async () => {
  const { db, s, a, b, position, choose } = await paired();
  expect(await choose(a, "skip")).toEqual({ kind: "advanced" });
  expect(await position(a)).toBe(LAST);
  expect(await position(b)).toBe(CHOOSE);
  const write = await db.fieldWrite.findFirstOrThrow({ where: { sessionId: s.id, key: "position", value: String(LAST) } });
  expect(write).toMatchObject({ byKind: "hook", hook: "afterOnce", page: "movers/Choose", codeLine: expect.stringMatching(/^tests\/fixtures\/apps\/movers\.tsx:\d+$/) });
  // The request's own move landed on Middle; the hook's move took them from there.
  const visits = await db.pageVisit.findMany({ where: { sessionId: s.id, player: { name: a } }, orderBy: { id: "asc" } });
  expect(visits.slice(1).map((v) => [v.page, v.leftHow])).toEqual([
    ["movers/Choose", "submit"],
    ["movers/Middle", "moved"],
    ["movers/Last", null],
  ]);
  await db.$disconnect();
});

test("moveToEnd from a hook, for its own player and for another; whoever waits for them on a sync page goes on", async () => {
  {
    const { db, s, a, position, choose } = await paired();
    await choose(a, "end");
    expect(await position(a)).toBe(END);
    expect(await getParticipantView(db, s.name, a)).toEqual({ kind: "end", message: null, locale: "en" });
    await db.$disconnect();
  }
  const { db, s, a, b, position, choose } = await paired();
  await choose(a, "kick");
  expect([await position(a), await position(b)]).toEqual([MIDDLE, END]);
  const write = await db.fieldWrite.findFirstOrThrow({ where: { sessionId: s.id, key: "position", value: String(END) } });
  expect(write).toMatchObject({ byKind: "hook", hook: "afterOnce", page: "movers/Choose" });
  // The partner has left: the sync page does not wait for them.
  expect(await submitPage({ db, read: db }, s.name, a, MIDDLE, {})).toEqual({ kind: "advanced" });
  expect(await position(a)).toBe(LAST);
  await db.$disconnect();
});

test("moveTo a page the app does not have fails the hook: nothing of the submission is kept", async () => {
  const { db, s, a, position, choose } = await paired();
  // (The hook's error, naming the page, is logged; the participant is asked to try again.)
  expect(await choose(a, "bad")).toEqual({ kind: "failed" });
  expect(await position(a)).toBe(CHOOSE);
  expect(await db.fieldWrite.count({ where: { sessionId: s.id, key: "choice" } })).toBe(0);
  await db.$disconnect();
});

describe("with the server running", () => {
  let server: RunningServer;
  beforeAll(async () => (server = await startServer()));
  afterAll(() => server?.stop());

  test("a player moved by another's hook: their open tab is told to re-render", async () => {
    const s = await newSession(server, "movers", 2);
    for (const url of s.urls) await submitCurrent(url);
    const tab = await connectParticipant(server.url, s.urls[1]!, CHOOSE);
    const moved = await submitCurrent(s.urls[0]!, { choice: CHOICE.kick });
    expect(moved.title).toBe("Middle");
    await eventually(() => tab.received.some((r) => r.event === "page:refresh"));
    tab.close();
    expect((await server.db.player.findFirstOrThrow({ where: { sessionId: s.id, name: s.players[1]!.name } })).position).toBe(END);
  });
});
