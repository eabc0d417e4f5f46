import Database from "better-sqlite3";
import pg from "pg";
import { TEST_ENGINE } from "../../helpers/engine";
import { connectParticipant, eventually } from "../../helpers/sockets";
import { api, newToken } from "../../helpers/api";
import { latestAudit } from "@/lib/store/audit";
import { getPage, postForm, submitCurrent, text } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// Completion and screen-out (the "screening" config: a screener whose afterOnce screens out
// anyone under 18; completion and screenOut addresses and codes with placeholders).

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

/** A participant let in by the sessionwide link with this Prolific ID: their page URL. */
async function participant(pid: string) {
  const s = await newSession(server, "screening", 1);
  const link = `${server.url}/s/${s.name}/${s.secret}/?PROLIFIC_PID=${encodeURIComponent(pid)}`;
  const res = await fetch(link, { method: "POST", redirect: "manual" });
  expect(res.status).toBe(303);
  const url = new URL(res.headers.get("location")!, server.url).toString();
  await submitCurrent(url); // the start
  const player = await server.db.player.findFirstOrThrow({ where: { sessionId: s.id } });
  return { url, player, sessionId: s.id };
}

const exitUrl = (html: string) => /<a href="([^"]*)"[^>]*data-exit-url/.exec(html)?.[1]?.replace(/&amp;/g, "&") ?? null;
const exitCode = (html: string) => /data-exit-code="[^"]*">([^<]*)</.exec(html)?.[1] ?? null;
const writes = (playerId: number, key: string) => server.db.fieldWrite.findMany({ where: { ownerKind: "player", ownerId: playerId, key } });

test("the end page sends a finisher to the completion address, placeholders filled from the entry and the fields and URL-encoded", async () => {
  const { url, player } = await participant("PID0001");
  await submitCurrent(url, { age: 30, note: 'a&b <c> "d"#' });
  const end = await submitCurrent(url, { answer: 7 });
  expect(end.title).toBe("Thank you");
  expect(exitUrl(end.html)).toBe("https://example.org/done?cc=C0DE&pid=PID0001&note=a%26b%20%3Cc%3E%20%22d%22%23");
  expect(exitCode(end.html)).toBe("C0DE-PID0001");
  // The automatic redirect, to the same address (a JSON string in a nonce'd script).
  expect(end.html).toContain(`location.replace(${JSON.stringify(exitUrl(end.html))})`);
  expect(text(end.html)).toContain("If nothing happens, continue here.");
  const completed = await writes(player.id, "completed");
  expect(completed.map((w) => [w.value, w.at instanceof Date])).toEqual([["true", true]]);
  expect((await server.db.player.findUniqueOrThrow({ where: { id: player.id } })).outcome).toBe("completed");
});

test("a hook's screenOut ends the participant at once with the screen-out address and code, recorded with its reason", async () => {
  const { url, player } = await participant("PID0002");
  const end = await submitCurrent(url, { age: 12 });
  expect(end.title).toBe("Thank you");
  expect(end.html).toContain('data-outcome="screenedOut"');
  expect(exitUrl(end.html)).toBe("https://example.org/screened?cc=SCR1&pid=PID0002");
  expect(exitCode(end.html)).toBe("SCR1");
  const p = await server.db.player.findUniqueOrThrow({ where: { id: player.id } });
  expect([p.outcome, p.position, JSON.parse(p.pageOrder).length]).toEqual(["screenedOut", 2, 2]);
  const screened = await writes(player.id, "screenedOut");
  expect(screened.map((w) => [w.value, w.byKind, w.hook])).toEqual([['"under 18"', "hook", "afterOnce"]]);
  expect(await writes(player.id, "completed")).toEqual([]);
  // The Main page was never shown.
  expect(await server.db.pageVisit.count({ where: { playerId: player.id, page: "screening/Main" } })).toBe(0);
});

/** Holds the player's row (PostgreSQL) or the database's write lock (SQLite) from a connection of its own, until released. */
async function holdLock(playerId: number): Promise<() => Promise<void>> {
  if (TEST_ENGINE === "sqlite") {
    const other = new Database(server.databaseUrl.replace(/^file:/, ""));
    other.exec("BEGIN IMMEDIATE");
    return async () => {
      other.exec("ROLLBACK");
      other.close();
    };
  }
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  await client.query("BEGIN");
  await client.query('SELECT "id" FROM "Player" WHERE "id" = $1 FOR UPDATE', [playerId]);
  return async () => {
    await client.query("ROLLBACK");
    await client.end();
  };
}

test("the redirect comes only once the last write has committed: while another connection holds a lock, the page shows none", async () => {
  const { url, player } = await participant("PID0003");
  await submitCurrent(url, { age: 40 });
  const release = await holdLock(player.id);
  let submitted: Promise<Response>;
  try {
    submitted = postForm(url, { _position: 1, answer: 3 });
    // Whatever the submit is doing meanwhile (waiting for the lock), the page has no way out yet.
    for (let i = 0; i < 3; i++) {
      const page = await getPage(url);
      expect(exitUrl(page.html)).toBeNull();
      expect(page.html).not.toContain("location.replace");
    }
    expect((await server.db.player.findUniqueOrThrow({ where: { id: player.id } })).outcome).toBeNull();
  } finally {
    await release();
  }
  const answered = await submitted!;
  // SQLite may have given up waiting (503 "busy", or the "please wait" page that sends the
  // answers again; nothing saved): the participant's browser sends them again.
  if (answered.status !== 303) {
    expect(answered.status).toBe(503);
    await eventually(async () => (await postForm(url, { _position: 1, answer: 3 })).status === 303);
  }
  // The database may be reported away for a moment after the lock: the end page comes once it is back.
  let end = await getPage(url);
  await eventually(async () => (end = await getPage(url)).title === "Thank you");
  expect(exitUrl(end.html)).toBe("https://example.org/done?cc=C0DE&pid=PID0003&note=");
  const p = await server.db.player.findUniqueOrThrow({ where: { id: player.id } });
  expect(p.outcome).toBe("completed");
});

describe("the ready consent page", () => {
  test("shows the app's text (escaped) and agree / decline; agreeing goes on, and the end shows the completion code", async () => {
    const s = await newSession(server, "consent", 1);
    const url = s.urls[0]!;
    const consent = await submitCurrent(url);
    expect(consent.title).toBe("Consent");
    expect(consent.html).toContain("<p>This study takes &lt;5 minutes&gt; &amp; pays £1.</p><p>You may stop at any time.</p>");
    expect(text(consent.html)).toContain("I agree");
    expect(text(consent.html)).toContain("I do not agree");
    const task = await submitCurrent(url, { consent: "0" });
    expect(task.path).toBe("consenting/Task");
    const end = await submitCurrent(url, { answer: 1 });
    expect(exitCode(end.html)).toBe("AGREED");
  });

  test("declining ends the study at once as a screen-out with its reason", async () => {
    const s = await newSession(server, "consent", 1);
    const url = s.urls[0]!;
    await submitCurrent(url);
    const end = await submitCurrent(url, { consent: "1" });
    expect(end.title).toBe("Thank you");
    expect(exitCode(end.html)).toBe("DECLINED");
    const player = await server.db.player.findFirstOrThrow({ where: { sessionId: s.id } });
    expect(player.outcome).toBe("screenedOut");
    expect((await writes(player.id, "screenedOut")).map((w) => w.value)).toEqual(['"no consent"']);
    expect((await writes(player.id, "consent")).map((w) => w.value)).toEqual(["false"]);
  });
});

test("the admin's Redirect to the completion or screen-out address sends each player to their own filled address (API)", async () => {
  const { url: first } = await participant("PIDRED01");
  const { url: second } = await participant("PIDRED02");
  const token = await newToken(server);
  const sname = first.split("/")[4]!;
  const tab = await connectParticipant(server.url, first);
  try {
    const names = [first.split("/")[5]!];
    const sent = await api(server, token, "POST", `/sessions/${sname}/players/redirect-exit/`, { players: names, to: "screenOut" });
    expect(sent).toMatchObject({ status: 200, body: { changed: 1, message: "Sent 1 player to the screen-out address (whoever has the study open goes there at once)." } });
    await eventually(() => tab.received.some((r) => r.event === "page:redirect"));
    expect(tab.received.filter((r) => r.event === "page:redirect")).toEqual([{ event: "page:redirect", payload: { url: "https://example.org/screened?cc=SCR1&pid=PIDRED01" } }]);
    const [audit] = await latestAudit(server.db, { session: sname, take: 1 });
    expect(audit).toMatchObject({ action: "players.redirect", detail: { url: "the screen-out address", players: names } });
  } finally {
    tab.close();
  }
  // A config without such an address: a clear 4xx.
  const plain = await newSession(server, "basics", 1);
  const refused = await api(server, token, "POST", `/sessions/${plain.name}/players/redirect-exit/`, { players: [plain.players[0]!.name], to: "completion" });
  expect([refused.status, JSON.stringify(refused.body)]).toEqual([422, expect.stringContaining("no completion address")]);
  expect(second).toBeTruthy();
});
