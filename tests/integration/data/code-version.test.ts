import fs from "node:fs";
import path from "node:path";
import { adminGet, signInAutomatically } from "../../helpers/admin";
import { api, newToken } from "../../helpers/api";
import { ROOT, TEST_BUILD_DIR } from "../../helpers/paths";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// Every session keeps the code it was created with: the record the build wrote, shown on the
// session and status pages, in the API and in the field log (so every export carries it).

let server: RunningServer;
let cookie: string;
beforeAll(async () => {
  server = await startServer();
  cookie = await signInAutomatically(server);
});
afterAll(() => server?.stop());

const built = () => (JSON.parse(fs.readFileSync(path.join(ROOT, TEST_BUILD_DIR, "sprout-build.json"), "utf8")) as { code: Record<string, unknown> }).code;

test("a new session stores the build's record: session page, status page, API and the log", async () => {
  const code = built();
  expect(code).toMatchObject({ sprout: expect.any(String), experiments: expect.stringMatching(/^[0-9a-f]{64}$/), builtAt: expect.any(String) });
  // Made by the server (this test process has no build of its own to read).
  const token = await newToken(server, "full");
  const s = (await api(server, token, "POST", "/sessions/", { config: "basics", players: 1 })).body as { name: string };
  const stored = await server.db.session.findUniqueOrThrow({ where: { name: s.name } });
  expect(JSON.parse(stored.codeVersion!)).toEqual(code);
  const short = `experiments ${(code.experiments as string).slice(0, 8)}`;
  expect(await (await adminGet(server, `/admin/session/${s.name}/`, cookie)).text()).toContain(short);
  expect(await (await adminGet(server, "/admin/status/", cookie)).text()).toContain(short);
  expect((await api(server, token, "GET", `/sessions/${s.name}/`)).body.codeVersion).toEqual(code);
  const log = await server.db.fieldWrite.findFirstOrThrow({ where: { sessionId: stored.id, ownerKind: "session", key: "codeVersion" } });
  expect(JSON.parse(log.value!)).toEqual(code);
});

test("a session from before the record shows that it has none", async () => {
  const s = await newSession(server, "basics", 1);
  await server.db.session.update({ where: { id: s.id }, data: { codeVersion: null } });
  expect(await (await adminGet(server, `/admin/session/${s.name}/`, cookie)).text()).toContain("Not recorded");
});
