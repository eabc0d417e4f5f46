import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// The cookies that bring a participant back to their place (the sessionwide link, rooms) are
// Secure when the page was served over https: here through a trusted proxy (TRUST_PROXY=1)
// that says so; a client's own X-Forwarded-Proto without a trusted proxy is not believed.

let server: RunningServer;
beforeAll(async () => (server = await startServer({ env: { TRUST_PROXY: "1" } })));
afterAll(() => server?.stop());

const viaHttpsProxy = { "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" };
const post = (url: string, headers: Record<string, string>, body = "") =>
  fetch(url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });

test("the sessionwide link's cookie is Secure over https, and not over http", async () => {
  const s = await newSession(server, "basics", 2);
  const link = `${server.url}/s/${s.name}/${s.secret}/`;
  const overHttps = await post(link, viaHttpsProxy);
  expect(overHttps.status).toBe(303);
  expect(overHttps.headers.get("set-cookie")).toMatch(/^sprout-s-[^;]+; Path=\/s\/[^;]+\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
  const overHttp = await post(link, { "x-forwarded-for": "203.0.113.8", "x-forwarded-proto": "http" });
  expect(overHttp.headers.get("set-cookie")).not.toMatch(/Secure/);
});

test("a room's cookie that brings the participant back is Secure over https, and not over http", async () => {
  // fixture_lab has a config and labels: the first entry makes its session and goes straight in.
  const overHttps = await post(`${server.url}/room/fixture_lab/`, viaHttpsProxy, "label=L1");
  expect(overHttps.status).toBe(303);
  expect(overHttps.headers.get("set-cookie")).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
  const overHttp = await post(`${server.url}/room/fixture_lab/`, {}, "label=L2");
  expect(overHttp.status).toBe(303);
  expect(overHttp.headers.get("set-cookie")).toMatch(/; HttpOnly; SameSite=Lax$/);
});
