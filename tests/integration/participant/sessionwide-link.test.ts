import { getPage, submitCurrent, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

const NOT_VALID = "This link is not valid. Please check it against the one you were given.";

/** A session of the "basics" config and its sessionwide link. */
async function sessionWithLink(players: number) {
  const s = await newSession(server, "basics", players);
  return { ...s, link: `${server.url}/s/${s.name}/${s.secret}/` };
}

/**
 * One visit of the link, as a browser that does not follow redirects; `cookie` is what it
 * sends back. A new visitor's GET answers with a page that POSTs for a slot: sent here too.
 */
async function visit(link: string, cookie?: string) {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  let res = await fetch(link, { redirect: "manual", headers });
  if (res.status === 200) {
    expect(await res.text()).toContain('<form method="post"');
    res = await fetch(link, { method: "POST", redirect: "manual", headers });
  }
  const setCookie = res.headers.get("set-cookie");
  return { status: res.status, location: res.headers.get("location"), setCookie, cookie: setCookie?.split(";")[0], body: await res.text() };
}

const startedNames = async (sessionId: number) =>
  (await server.db.player.findMany({ where: { sessionId, started: true }, orderBy: { index: "asc" } })).map((p) => p.name);

test("a new visitor gets the first unstarted player, a cookie for the link, and that player is started", async () => {
  const s = await sessionWithLink(3);
  const [first] = s.players;
  const v = await visit(s.link);
  expect(v.status).toBe(303);
  expect(v.location).toBe(`/p/${s.name}/${first!.name}/`);
  expect(v.cookie).toBe(`sprout-s-${s.name}=${first!.name}`);
  expect(v.setCookie).toContain(`Path=/s/${s.name}/`);
  expect(v.setCookie).toContain("HttpOnly");
  expect(await startedNames(s.id)).toEqual([first!.name]);
  const log = await server.db.fieldWrite.findMany({ where: { sessionId: s.id, ownerKind: "player", key: "started" } });
  expect(log.map((w) => [w.ownerId, w.value, w.byKind, w.byName])).toEqual([[first!.id, "true", "system", "sessionwide link"]]);
});

test("a returning visitor gets the same player again without using another slot; a new one gets the next", async () => {
  const s = await sessionWithLink(3);
  const [first, second] = s.players;
  const v1 = await visit(s.link);
  expect(v1.location).toBe(`/p/${s.name}/${first!.name}/`);
  for (let i = 0; i < 2; i++) {
    const again = await visit(s.link, v1.cookie);
    expect([again.status, again.location, again.cookie]).toEqual([303, `/p/${s.name}/${first!.name}/`, v1.cookie]);
  }
  expect(await startedNames(s.id)).toEqual([first!.name]);
  const v2 = await visit(s.link);
  expect([v2.status, v2.location, v2.cookie]).toEqual([303, `/p/${s.name}/${second!.name}/`, `sprout-s-${s.name}=${second!.name}`]);
  expect(await startedNames(s.id)).toEqual([first!.name, second!.name]);
});

test("a cookie for a player the session does not have is ignored: the visitor gets a free slot", async () => {
  const s = await sessionWithLink(2);
  const v = await visit(s.link, `sprout-s-${s.name}=nobody`);
  expect([v.status, v.location]).toEqual([303, `/p/${s.name}/${s.players[0]!.name}/`]);
  expect(await startedNames(s.id)).toEqual([s.players[0]!.name]);
});

test("a mangled cookie, or one naming a slot the link never handed out, is ignored", async () => {
  const s = await sessionWithLink(3);
  const mangled = await visit(s.link, `sprout-s-${s.name}=%E0`);
  expect([mangled.status, mangled.location]).toEqual([303, `/p/${s.name}/${s.players[0]!.name}/`]);
  // The third slot was never handed out: naming it does not skip the queue.
  const forged = await visit(s.link, `sprout-s-${s.name}=${s.players[2]!.name}`);
  expect([forged.status, forged.location]).toEqual([303, `/p/${s.name}/${s.players[1]!.name}/`]);
  expect(await startedNames(s.id)).toEqual([s.players[0]!.name, s.players[1]!.name]);
});

test("a GET or HEAD alone (a link preview, a scanner) takes no slot", async () => {
  const s = await sessionWithLink(2);
  for (const method of ["GET", "HEAD"]) {
    const res = await fetch(s.link, { method, redirect: "manual" });
    expect(res.status).toBe(200);
  }
  expect(await startedNames(s.id)).toEqual([]);
});

test("players with a label are never handed out", async () => {
  const s = await sessionWithLink(3);
  const [first, second, third] = s.players;
  await server.db.$transaction(async (tx) => {
    await tx.player.updateMany({ where: { id: { in: [first!.id, third!.id] } }, data: { label: "reserved" } });
  });
  const v1 = await visit(s.link);
  expect([v1.status, v1.location]).toEqual([303, `/p/${s.name}/${second!.name}/`]);
  const v2 = await visit(s.link);
  expect(v2.status).toBe(423);
  expect(await startedNames(s.id)).toEqual([second!.name]);
});

test("when every slot is taken, a new visitor gets 423 and a page saying no places are left", async () => {
  const s = await sessionWithLink(1);
  const v1 = await visit(s.link);
  expect(v1.status).toBe(303);
  const full = await visit(s.link);
  expect(full.status).toBe(423);
  expect(full.setCookie).toBeNull();
  expect(full.location).toBeNull();
  expect(full.body).toContain("<h1>No places left</h1>");
  expect(text(full.body)).toContain("Every place in this study has been taken");
  // The one who got the place still gets it back.
  expect((await visit(s.link, v1.cookie)).location).toBe(`/p/${s.name}/${s.players[0]!.name}/`);
});

test("a wrong secret is refused with 404 and starts nobody", async () => {
  const s = await sessionWithLink(2);
  // Change the last character to one it is not (a fixed "x" was the secret itself one time in 36).
  const last = s.secret.at(-1) === "x" ? "y" : "x";
  const wrong = await visit(`${server.url}/s/${s.name}/${s.secret.slice(0, -1)}${last}/`);
  expect([wrong.status, wrong.body.trim(), wrong.setCookie]).toEqual([404, NOT_VALID, null]);
  const other = await sessionWithLink(1);
  const crossed = await visit(`${server.url}/s/${s.name}/${other.secret}/`);
  expect([crossed.status, crossed.body.trim()]).toEqual([404, NOT_VALID]);
  expect(await startedNames(s.id)).toEqual([]);
  expect(await startedNames(other.id)).toEqual([]);
});

test("an unknown session is refused with 404", async () => {
  const s = await sessionWithLink(1);
  const v = await visit(`${server.url}/s/no-such-session/${s.secret}/`);
  expect([v.status, v.body.trim(), v.setCookie]).toEqual([404, NOT_VALID, null]);
  expect(await startedNames(s.id)).toEqual([]);
});

test("25 visitors at once for 10 places: 10 distinct players are handed out, 15 are turned away", async () => {
  const s = await sessionWithLink(10);
  const visits = await Promise.all(Array.from({ length: 25 }, () => visit(s.link)));
  expect(visits.filter((v) => v.status === 303)).toHaveLength(10);
  expect(visits.filter((v) => v.status === 423)).toHaveLength(15);
  const handedOut = visits.filter((v) => v.status === 303).map((v) => v.location!.split("/")[3]);
  expect(new Set(handedOut).size).toBe(10);
  expect(handedOut.sort()).toEqual(s.players.map((p) => p.name).sort());
  expect((await startedNames(s.id)).sort()).toEqual(s.players.map((p) => p.name).sort());
  expect(await server.db.fieldWrite.count({ where: { sessionId: s.id, ownerKind: "player", key: "started" } })).toBe(10);
});

test("the player handed out by the link can play", async () => {
  const s = await sessionWithLink(2);
  const v = await visit(s.link);
  const url = `${server.url}${v.location}`;
  const page = await getPage(url);
  expect([page.status, page.title, page.position]).toEqual([200, "Welcome", -1]);
  const next = await submitCurrent(url);
  expect([next.status, next.title, next.position]).toEqual([200, "Intro", 0]);
  expect(await server.db.player.findUniqueOrThrow({ where: { id: s.players[0]!.id } })).toMatchObject({ started: true, initialized: true, position: 0 });
});
