import { setSessionActive } from "@/lib/engine/admin/session-controls";
import { getPage, submitCurrent, text, type PageResult } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

let server: RunningServer;
beforeAll(async () => (server = await startServer()));
afterAll(() => server?.stop());

/** Every <title> of a page, decoded (a page must have exactly one). */
const titlesOf = (html: string) => [...html.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => text(m[1]!));
const headingOf = (html: string) => text(/<h1[^>]*>(.*?)<\/h1>/s.exec(html)?.[1] ?? "");

/** The page's browser title is its heading, and says `expected`. */
function expectTitled(page: PageResult | { html: string }, expected: string) {
  expect([headingOf(page.html), titlesOf(page.html)]).toEqual([expected, [expected]]);
}

test("/favicon.ico and the icon answer 200 through the custom server", async () => {
  const ico = await fetch(`${server.url}/favicon.ico`, { redirect: "manual" });
  expect(ico.status).toBe(200);
  expect(ico.headers.get("content-type")).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  expect(Buffer.from(await ico.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  const svg = await fetch(`${server.url}/icon.svg`, { redirect: "manual" });
  expect([svg.status, svg.headers.get("content-type")]).toEqual([200, "image/svg+xml"]);
});

test("each participant page is titled as its heading: start, the experiment's pages, paused, end", async () => {
  const s = await newSession(server, "basics");
  const url = s.urls[0]!;
  expectTitled(await getPage(url), "Welcome");
  expectTitled(await submitCurrent(url), "Intro");
  expectTitled(await submitCurrent(url, { nickname: "Ann", age: "33", likes: "1" }), "Middle");
  await setSessionActive(server.db, "admin", s.name, false);
  expectTitled(await getPage(url), "Paused");
  await setSessionActive(server.db, "admin", s.name, true);
  expectTitled(await submitCurrent(url), "Rate");
  expectTitled(await submitCurrent(url, { rating: "4" }), "Thank you");
});

test("a wait page is titled as its heading too", async () => {
  const s = await newSession(server, "pairs");
  await submitCurrent(s.urls[0]!);
  expectTitled(await getPage(s.urls[0]!), "Please wait");
});

test("an unknown participant address ends on a titled not-found page", async () => {
  const res = await fetch(`${server.url}/p/no-such-session/no-such-player/`);
  expect(res.status).toBe(404);
  expectTitled({ html: await res.text() }, "Page not found");
});

test("pages answered outside the app router (rooms, the sessionwide link) are titled as their heading", async () => {
  expectTitled({ html: await (await fetch(`${server.url}/room/fixture_lab/`)).text() }, "Welcome");
  const s = await newSession(server, "basics");
  const secret = (await server.db.session.findUniqueOrThrow({ where: { id: s.id } })).secret;
  expectTitled({ html: await (await fetch(`${server.url}/s/${s.name}/${secret}/`)).text() }, "Welcome");
});
