import http from "node:http";
import { signInAutomatically } from "../../helpers/admin";
import { postForm } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { eventually } from "../../helpers/sockets";

// Requests a probing client sends that Next alone would answer 500 (or with an empty 405):
// each gets a clear 4xx, is logged where it matters, and changes nothing.

let server: RunningServer;
let cookie: string;
beforeAll(async () => {
  server = await startServer();
  cookie = await signInAutomatically(server);
});
afterAll(() => server?.stop());

test.each(["/p/abc/%ED%A0%80/", "/room/%E0%A4%A/", "/s/%ED%A0%80/x/", "/admin/session/%ED%A0%80/", "/admin/room/%E0%A4%A/", "/p/%E0%A4%A/x/"])("a path with a malformed %%-escape (%s) answers 400 with a message, and is logged", async (path) => {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
  expect(res.status).toBe(400);
  expect(await res.text()).toMatch(/This address is not valid: it has a malformed %-escape/);
  await eventually(() => server.output().includes(`"url":"${path}","msg":"refused a path with malformed percent-encoding"`));
});

/** A server action call as React's client sends it (the action id does not matter: the gate answers first). */
function serverAction(origin: string, body: string | Buffer, agent?: http.Agent) {
  return new Promise<{ status: number; text: string; reused: boolean }>((resolve, reject) => {
    const req = http.request(
      `${server.url}/admin/sessions/new/`,
      { method: "POST", agent, headers: { cookie, origin, "next-action": "7f0000000000000000000000000000000000000000", "content-type": "text/plain;charset=UTF-8", "content-length": Buffer.byteLength(body) } },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode!, text, reused: req.reusedSocket }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

test("a cross-site server action with a valid admin cookie answers 403 and changes nothing", async () => {
  const before = await server.db.session.count();
  const refused = await serverAction("https://evil.example", JSON.stringify([{ config: "basics", players: 2 }]));
  expect(refused).toMatchObject({ status: 403, text: "Refused: this admin action was sent from another site.\n" });
  expect((await serverAction("null", "[]")).status).toBe(403);
  expect(await server.db.session.count()).toBe(before);
});

test("a server action body over 1 MB answers 413 with a message, and the next request on the same connection works", async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const settings = JSON.stringify([{ settings: "x".repeat(2 * 1024 * 1024) }]);
    const big = await serverAction(server.url, settings, agent);
    expect(big.status).toBe(413);
    expect(big.text).toMatch(/^This form is too large to send \(2\.0 MB; the limit is 1 MB\)\. Nothing was changed\./);
    const next = await new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
      const req = http.get(`${server.url}/api/health/live/`, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode!, reused: req.reusedSocket }));
      });
      req.on("error", reject);
    });
    expect(next).toEqual({ status: 200, reused: true });
  } finally {
    agent.destroy();
  }
});

test.each([
  ["POST", "/api/health/", "GET"],
  ["DELETE", "/api/health/ready/", "GET"],
  ["PUT", "/room/fixture_lab/", "GET and POST"],
  ["GET", "/admin/logout/", "POST"],
  ["GET", "/p/x/y/submit/", "POST"],
])("%s %s answers 405 saying what the address accepts", async (method, path, accepted) => {
  const res = await fetch(`${server.url}${path}`, { method, redirect: "manual" });
  expect(res.status).toBe(405);
  expect(await res.text()).toBe(`This address accepts ${accepted} requests only.\n`);
  expect(res.headers.get("allow")).toMatch(new RegExp(`^${accepted.replace(" and ", ", ")}`));
});

test("a text answer with NUL or another control character is refused with a message and nothing is stored", async () => {
  const s = await newSession(server, "basics", 1);
  const url = s.urls[0]!;
  expect((await postForm(url, { _position: -1 })).status).toBe(303);
  const refused = await postForm(url, { _position: 0, nickname: "An\u0000n", age: "33", likes: "1", comment: "" });
  expect([refused.status, refused.headers.get("x-sprout-outcome")]).toEqual([303, "invalid"]);
  const page = await (await fetch(url)).text();
  expect(page).toContain("This answer contains invisible control characters (such as NUL). Please retype it.");
  expect(await server.db.fieldWrite.count({ where: { sessionId: s.id, key: "nickname" } })).toBe(0);
});
