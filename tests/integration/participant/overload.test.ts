import http from "node:http";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// One participant request at work and none waiting: a second one while the first is held is
// over the line, whatever the machine's speed.
let server: RunningServer;
beforeAll(async () => (server = await startServer({ env: { SPROUT_PARTICIPANT_CONCURRENCY: "1", SPROUT_PARTICIPANT_QUEUE: "0" } })));
afterAll(() => server?.stop());

/** A POST whose body has not all arrived: it holds its place in the line until `finish`. */
function heldPost(url: string, body: string) {
  const target = new URL(url);
  const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } });
  const answered = new Promise<http.IncomingMessage>((resolve, reject) => req.on("response", resolve).on("error", reject));
  req.write(body.slice(0, 5));
  return { answered, finish: () => req.end(body.slice(5)) };
}

test("over the line, a page and a form are answered at once with a page that retries, and nothing is stored", async () => {
  const s = await newSession(server, "basics", 2);
  const [first, second] = s.urls as [string, string];
  const held = heldPost(`${first}submit/`, "_position=-1");
  // The held POST is at work (its body is being read) once the server has it: until then a GET may still pass.
  let page: Response;
  do page = await fetch(second);
  while (page.status === 200);
  expect(page.status).toBe(503);
  expect(page.headers.get("retry-after")).toBe("3");
  const html = await page.text();
  expect(html).toContain('http-equiv="refresh"');
  expect(html).toContain("very busy");

  const posted = await fetch(`${second}submit/`, { method: "POST", body: new URLSearchParams({ _position: "-1", note: "kept" }), redirect: "manual" });
  expect(posted.status).toBe(503);
  const resend = await posted.text();
  // The answers come back in a form that sends them again.
  expect(resend).toContain('name="_position" value="-1"');
  expect(resend).toContain('name="note" value="kept"');
  expect(await server.db.player.findFirstOrThrow({ where: { sessionId: s.id, name: s.players[1]!.name } })).toMatchObject({ position: -1 });

  held.finish();
  expect((await held.answered).statusCode).toBe(303);
  // The line is free again: the resent form goes through.
  const again = await fetch(`${second}submit/`, { method: "POST", body: new URLSearchParams({ _position: "-1" }), redirect: "manual" });
  expect(again.status).toBe(303);
  expect((await server.db.player.findMany({ where: { sessionId: s.id }, select: { position: true } })).map((p) => p.position)).toEqual([0, 0]);
});
