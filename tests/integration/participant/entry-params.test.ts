import { createRoom, setRoomOpen } from "@/lib/engine/rooms/rooms";
import { eraseEntryParams } from "@/lib/engine/recruitment/erase";
import { monitorRows } from "@/lib/data/monitor";
import { latestAudit } from "@/lib/store/audit";
import { api, newToken } from "../../helpers/api";
import { getPage, postForm, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// Entry parameters (the config "prolific" keeps PROLIFIC_PID, STUDY_ID and SESSION_ID, needs
// PROLIFIC_PID, and takes the label from it) from each kind of entry link.

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

const PROLIFIC = { PROLIFIC_PID: "5f1a2b3c4d5e6f7a8b9c0d1e", STUDY_ID: "study-1", SESSION_ID: "sess-9" };
const query = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;

/** A browser that does not follow redirects: a GET, and when it answers with a page that POSTs at once, that POST. */
async function enter(url: string, cookie?: string) {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  let res = await fetch(url, { redirect: "manual", headers });
  let html = await res.text();
  if (res.status === 200) {
    const form = /<form method="post" action="([^"]*)"[^>]*>(.*?)<\/form>/s.exec(html);
    if (form) {
      const action = form[1]!.replace(/&#38;/g, "&");
      const body = new URLSearchParams([...form[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
      res = await fetch(new URL(action, url), { method: "POST", body, redirect: "manual", headers });
      html = await res.text();
    }
  }
  return { status: res.status, location: res.headers.get("location"), cookie: res.headers.get("set-cookie")?.split(";")[0], html, text: text(html) };
}

const playerByName = (name: string) => server.db.player.findFirstOrThrow({ where: { name } });
const pnameOf = (location: string | null) => location!.split("/")[3]!;
/** Whether any field-log row of the session holds this text (recruitment IDs must never be there). */
const inFieldLog = async (sessionId: number, needle: string) =>
  (await server.db.fieldWrite.findMany({ where: { sessionId } })).some((w) => (w.value ?? "").includes(needle)) ||
  (await server.db.fieldValue.findMany({ where: { sessionId } })).some((v) => (v.value ?? "").includes(needle));

describe("the sessionwide link", () => {
  test("keeps the declared parameters on the player (not others, not in the field log) and takes the label from PROLIFIC_PID", async () => {
    const s = await newSession(server, "prolific", 3);
    const v = await enter(`${server.url}/s/${s.name}/${s.secret}/${query({ ...PROLIFIC, utm_source: "mail" })}`);
    expect([v.status, v.location]).toEqual([303, `/p/${s.name}/${s.players[0]!.name}/`]);
    const p = await playerByName(s.players[0]!.name);
    expect(JSON.parse(p.entryParams!)).toEqual(PROLIFIC);
    expect(p.label).toBe(PROLIFIC.PROLIFIC_PID);
    expect(await inFieldLog(s.id, PROLIFIC.PROLIFIC_PID)).toBe(false);
    // The monitor shows them.
    const [row] = await monitorRows(server.db, { ids: [p.id] });
    expect(row!.entry).toEqual(PROLIFIC);
  });

  test("a participant coming back with the same ID (another browser) gets the same player; another ID the next slot", async () => {
    const s = await newSession(server, "prolific", 3);
    const link = `${server.url}/s/${s.name}/${s.secret}/`;
    const first = await enter(link + query({ PROLIFIC_PID: "AAA111" }));
    const again = await enter(link + query({ PROLIFIC_PID: "AAA111", STUDY_ID: "x" }));
    const other = await enter(link + query({ PROLIFIC_PID: "BBB222" }));
    expect(pnameOf(again.location)).toBe(pnameOf(first.location));
    expect(pnameOf(other.location)).toBe(s.players[1]!.name);
    expect(await server.db.player.count({ where: { sessionId: s.id, started: true } })).toBe(2);
  });

  test("without the required parameter the link shows a clear page and takes no slot, on the GET and on a bare POST", async () => {
    const s = await newSession(server, "prolific", 2);
    const link = `${server.url}/s/${s.name}/${s.secret}/${query({ STUDY_ID: "study-1" })}`;
    const get = await fetch(link, { redirect: "manual" });
    const html = await get.text();
    expect(get.status).toBe(400);
    expect(text(html)).toContain("Link incomplete");
    expect(text(html)).toContain("This study link is incomplete: it lacks PROLIFIC_PID.");
    const post = await fetch(link, { method: "POST", redirect: "manual" });
    expect(post.status).toBe(400);
    // A label value that is no valid label (the ID serves as one) is refused the same way.
    const odd = await fetch(`${server.url}/s/${s.name}/${s.secret}/${query({ PROLIFIC_PID: "has space" })}`, { method: "POST", redirect: "manual" });
    expect([odd.status, text(await odd.text())]).toEqual([400, expect.stringContaining("PROLIFIC_PID is not in the expected form")]);
    expect(await server.db.player.count({ where: { sessionId: s.id, started: true } })).toBe(0);
  });

  test("of a config that keeps no parameters stores none", async () => {
    const s = await newSession(server, "basics", 1);
    const v = await enter(`${server.url}/s/${s.name}/${s.secret}/${query(PROLIFIC)}`);
    expect(v.status).toBe(303);
    expect((await playerByName(s.players[0]!.name)).entryParams).toBeNull();
  });
});

describe("room links", () => {
  let rooms = 0;
  const newRoom = async (open = true) => {
    const name = `entry-room-${++rooms}`;
    await createRoom(server.db, "admin", name, { config: "prolific", labels: null, capacity: null, open });
    return name;
  };

  test("keep the parameters, take the label from the ID, and let the same ID back in from another browser", async () => {
    const room = await newRoom();
    const v = await enter(`${server.url}/room/${room}/${query(PROLIFIC)}`);
    expect(v.status).toBe(303);
    const p = await playerByName(pnameOf(v.location));
    expect([JSON.parse(p.entryParams!), p.label]).toEqual([PROLIFIC, PROLIFIC.PROLIFIC_PID]);
    expect(await inFieldLog(p.sessionId, PROLIFIC.PROLIFIC_PID)).toBe(false);
    const again = await enter(`${server.url}/room/${room}/${query({ PROLIFIC_PID: PROLIFIC.PROLIFIC_PID })}`);
    expect(pnameOf(again.location)).toBe(p.name);
    expect(await server.db.player.count({ where: { sessionId: p.sessionId } })).toBe(1);
  });

  test("carry the parameters through the waiting page of a closed room", async () => {
    const room = await newRoom(false);
    const v = await enter(`${server.url}/room/${room}/${query(PROLIFIC)}`);
    expect(v.status).toBe(303);
    expect(v.location).toBe(`/room/${room}/?label=${PROLIFIC.PROLIFIC_PID}&wait&${new URLSearchParams(PROLIFIC)}`);
    const waiting = await fetch(new URL(v.location!, server.url), { redirect: "manual" });
    const html = await waiting.text();
    expect(html).toContain(`action="/room/${room}/?${new URLSearchParams(PROLIFIC).toString().replace(/&/g, "&#38;")}"`);
    await setRoomOpen(server.db, "admin", room, true);
    const joined = await enter(new URL(v.location!, server.url).toString());
    expect(joined.status).toBe(303);
    expect(JSON.parse((await playerByName(pnameOf(joined.location))).entryParams!)).toEqual(PROLIFIC);
  });

  test("without the required parameter show the clear page", async () => {
    const room = await newRoom();
    const res = await fetch(`${server.url}/room/${room}/`, { redirect: "manual" });
    expect([res.status, text(await res.text())]).toEqual([400, expect.stringContaining("it lacks PROLIFIC_PID")]);
  });
});

describe("player links", () => {
  test("carry the parameters from the start page to the start, and keep them", async () => {
    const s = await newSession(server, "prolific", 1);
    const url = s.urls[0]!;
    const start = await getPage(url + query({ ...PROLIFIC, extra: "no" }));
    expect(start.html).toContain(`name="_entry.PROLIFIC_PID" value="${PROLIFIC.PROLIFIC_PID}"`);
    expect(start.html).not.toContain('name="_entry.extra"');
    const res = await postForm(url, { _position: -1, "_entry.PROLIFIC_PID": PROLIFIC.PROLIFIC_PID, "_entry.STUDY_ID": PROLIFIC.STUDY_ID, "_entry.SESSION_ID": PROLIFIC.SESSION_ID });
    expect(res.status).toBe(303);
    const p = await playerByName(s.players[0]!.name);
    expect([JSON.parse(p.entryParams!), p.label, p.position]).toEqual([PROLIFIC, PROLIFIC.PROLIFIC_PID, 0]);
    expect(await inFieldLog(s.id, PROLIFIC.PROLIFIC_PID)).toBe(false);
  });

  test("without the required parameter show the clear page, and a start without it is refused", async () => {
    const s = await newSession(server, "prolific", 1);
    const page = await getPage(s.urls[0]!);
    expect(page.title).toBe("Link incomplete");
    expect(text(page.html)).toContain("it lacks PROLIFIC_PID");
    const res = await postForm(s.urls[0]!, { _position: -1 });
    expect([res.status, await res.text()]).toEqual([400, expect.stringContaining("it lacks PROLIFIC_PID")]);
    expect((await playerByName(s.players[0]!.name)).started).toBe(false);
  });
});

describe("erasing", () => {
  test("removes a player's IDs and the label taken from one, audited without the values; entry.csv and the API follow", async () => {
    const s = await newSession(server, "prolific", 2);
    const link = `${server.url}/s/${s.name}/${s.secret}/`;
    await enter(link + query(PROLIFIC));
    await enter(link + query({ PROLIFIC_PID: "SECOND22" }));
    const token = await newToken(server);
    const csv = await api(server, token, "GET", `/sessions/${s.name}/data/export/entry.csv`);
    expect(csv.status).toBe(200);
    expect(csv.body).toBe(
      `session,player,index,label,PROLIFIC_PID,STUDY_ID,SESSION_ID,erasedAt\r\n` +
        `${s.name},${s.players[0]!.name},0,${PROLIFIC.PROLIFIC_PID},${PROLIFIC.PROLIFIC_PID},study-1,sess-9,\r\n` +
        `${s.name},${s.players[1]!.name},1,SECOND22,SECOND22,,,\r\n`,
    );
    const listed = await api(server, token, "GET", `/sessions/${s.name}/players/?fields=entry`);
    expect(listed.body.players[0]).toEqual({ name: s.players[0]!.name, entry: PROLIFIC });

    const result = await eraseEntryParams(server.db, "admin", s.name, [s.players[0]!.name]);
    expect(result).toEqual({ changed: 1, message: "Erased the entry parameters of 1 player." });
    const p = await playerByName(s.players[0]!.name);
    expect([p.entryParams, p.label, p.entryErasedAt !== null]).toEqual([null, "", true]);
    const [audit] = await latestAudit(server.db, { session: s.name, take: 1 });
    expect(audit!.action).toBe("players.eraseEntry");
    expect(audit).toMatchObject({ admin: "admin", session: s.name });
    expect(JSON.stringify(audit)).not.toContain(PROLIFIC.PROLIFIC_PID);
    expect(JSON.stringify(audit)).toContain("STUDY_ID");

    // Through the API, as the token.
    const byApi = await api(server, token, "POST", `/sessions/${s.name}/players/erase-entry/`, { players: [s.players[1]!.name] });
    expect(byApi).toMatchObject({ status: 200, body: { changed: 1 } });
    const bad = await api(server, token, "POST", `/sessions/${s.name}/players/erase-entry/`, { players: ["nobody"] });
    expect(bad.status).toBe(404);
    const after = await api(server, token, "GET", `/sessions/${s.name}/data/export/entry.csv`);
    expect(after.body).not.toContain(PROLIFIC.PROLIFIC_PID);
    expect(after.body).not.toContain("SECOND22");
    // Nobody is asked for their IDs again after the erasure.
    const page = await getPage(s.urls[0]!);
    expect(page.title).not.toBe("Link incomplete");
  });
});
