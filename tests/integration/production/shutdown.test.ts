import http from "node:http";
import net from "node:net";
import { patientBots, unstoredAnswers } from "../../helpers/patient-bot";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { connectParticipant, eventually } from "../../helpers/sockets";

// SIGTERM (a deploy, `docker stop`) lets every request in flight finish, tells the sockets to
// reconnect, and loses nothing a participant was told was saved.

/** A form post sent in two halves on its own connection: in flight until `finish` sends the rest. */
function halfSentPost(base: string, path: string, body: string) {
  let req!: http.ClientRequest;
  const answer = new Promise<{ status: number; connection: string }>((resolve) => {
    req = http.request(`${base}${path}`, { method: "POST", agent: false, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": body.length } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode!, connection: String(res.headers.connection) }));
    });
    req.on("error", (e) => resolve({ status: 0, connection: e.message })); // cut
  });
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return {
    finish: () => {
      req.end(body.slice(half));
      return answer;
    },
  };
}

const exited = (server: RunningServer) => new Promise<number | null>((resolve) => server.process.once("exit", (code) => resolve(code)));

test("requests in flight at SIGTERM all finish and are stored; the port closes; sockets are told to reconnect", async () => {
  const server = await startServer();
  const s = await newSession(server, "basics", 88);
  const tab = await connectParticipant(server.url, s.urls[0]!);
  const reasons: string[] = [];
  tab.on("disconnect", (reason) => reasons.push(reason));
  // 88 submissions of the start page, each with its headers and half its body on the server.
  const posts = s.players.map((p) => halfSentPost(server.url, `/p/${s.name}/${p.name}/submit/`, "_position=-1"));
  // Until the server is serving all 88 (and this probe): however busy the machine, they are in flight.
  await eventually(async () => ((await (await fetch(`${server.url}/api/health/live/`)).json()) as { inFlight: number }).inFlight === 89, 60_000);

  const exit = exited(server);
  server.process.kill("SIGTERM");
  // Closing its port first: a new connection is refused (a proxy sends it to another instance).
  await eventually(
    () =>
      new Promise<boolean>((resolve) => {
        const probe = net.connect(Number(new URL(server.url).port), "127.0.0.1");
        probe.once("connect", () => (probe.destroy(), resolve(false)));
        probe.once("error", () => resolve(true));
      }),
  );
  const answers = await Promise.all(posts.map((p) => p.finish()));
  // Each answered, and closes its connection, so a client's next request goes to a live instance.
  expect(answers).toEqual(answers.map(() => ({ status: 303, connection: "close" })));
  expect(await exit).toBe(0);
  // "transport close" (not "io server disconnect"): socket.io clients reconnect by themselves.
  expect(reasons).toEqual(["transport close"]);
  tab.close();
  expect(server.output()).toMatch(/"msg":"Shutting down: finishing the requests in flight"/);
  expect(server.output()).not.toMatch(/are cut/);

  const again = await startServer({ databaseUrl: server.databaseUrl });
  try {
    expect(await again.db.player.count({ where: { sessionId: s.id, position: 0 } })).toBe(88);
  } finally {
    await again.stop();
    await server.stop();
  }
}, 120_000);

test("a restart under load (SIGTERM, start again on the same database) loses no acknowledged submission", async () => {
  let server = await startServer();
  const s = await newSession(server, "basics", 40);
  const { acknowledged, statuses, play } = patientBots();
  const bots = Promise.all(s.players.map((p, i) => play(p.name, s.name, i, () => server.url)));
  try {
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 20));
    const first = server;
    await first.stop();
    server = await startServer({ databaseUrl: first.databaseUrl });
    await bots;
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(await server.db.player.count({ where: { sessionId: s.id, position: 3 } })).toBe(40);
    expect(await unstoredAnswers(server.db, s.id, acknowledged)).toEqual([]);
  } finally {
    await server.stop();
  }
}, 180_000);
