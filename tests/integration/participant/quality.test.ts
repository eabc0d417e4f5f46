import Papa from "papaparse";
import { signInAutomatically } from "../../helpers/admin";
import { getPage } from "../../helpers/participant";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// Data-quality signals over real HTTP (docs/data-quality.md): what each kind of client's
// submission stores, that no payload can fail a submission, the declared checks' outcomes, the
// same browser entering twice, the switch that turns it all off, and the export columns.

let server: RunningServer;
let admin: string;
beforeAll(async () => {
  server = await startServer();
  admin = await signInAutomatically(server);
});
afterAll(() => server?.stop());

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

/** A browser's form POST: a browser's User-Agent, its cookie if it has one; the raw answer. */
function post(url: string, data: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${url}submit/`, { method: "POST", body: new URLSearchParams(data), redirect: "manual", headers: { "user-agent": BROWSER, ...headers } });
}

/** Submits the current page as that browser would; returns the POST's answer. */
async function submit(url: string, data: Record<string, string>, headers: Record<string, string> = {}) {
  const page = await getPage(url);
  const res = await post(url, { _position: String(page.position), ...data }, headers);
  expect([res.status, await res.text()]).toEqual([303, ""]);
  return res;
}

const visits = (playerName: string) => server.db.pageVisit.findMany({ where: { player: { name: playerName } }, orderBy: { id: "asc" } });
const playerRow = (name: string) => server.db.player.findFirstOrThrow({ where: { name } });
const flagsOf = async (name: string) => JSON.parse((await playerRow(name)).quality ?? "[]");

const signals = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    ms: 4200,
    firstInputMs: 800,
    paste: { summary: { count: 1, chars: 120 } },
    hidden: { count: 2, ms: 3100 },
    typing: { summary: { typed: 5, final: 125, meanKeyMs: 180 } },
    window: { width: 1280, height: 720 },
    pointer: "mouse",
    device: { screen: "1920x1080", timeZone: "Europe/Berlin" },
    ...extra,
  });

test("a browser's signals are stored with the visit, raising its flags; the player carries them", async () => {
  const s = await newSession(server, "careful", 1);
  const [url] = s.urls;
  await submit(url!, {});
  await submit(url!, { summary: "A story about a fox, pasted from elsewhere.", _sprout_signals: signals({ paste: { summary: { count: 1, chars: 120 }, notAField: { count: 9, chars: 9 } } }) });
  const [story] = await visits(s.players[0]!.name);
  expect(story!.signalSource).toBe("browser");
  const stored = JSON.parse(story!.signals!);
  // Per-field figures only for the page's own fields; the device (for the fingerprint) is never stored.
  expect(stored).toEqual({ source: "browser", ms: 4200, firstInputMs: 800, paste: { summary: { count: 1, chars: 120 } }, hidden: { count: 2, ms: 3100 }, typing: { summary: { typed: 5, final: 125, meanKeyMs: 180 } }, window: { width: 1280, height: 720 }, pointer: "mouse" });
  // Story asks for 600 s: a submit within seconds is "fast".
  expect(JSON.parse(story!.flags!)).toEqual(["paste", "hidden", "fast"]);
  expect(await flagsOf(s.players[0]!.name)).toEqual(["paste", "hidden", "fast"]);
});

test('a page posted without JavaScript records "no signals", and a bot\'s visits are a bot\'s, with no flags', async () => {
  const s = await newSession(server, "careful", 2);
  const [plain, bot] = s.urls;
  await submit(plain!, {});
  await submit(plain!, { summary: "typed without script" });
  const [story] = await visits(s.players[0]!.name);
  expect([story!.signalSource, story!.signals]).toEqual(["none", '{"source":"none"}']);
  // Still fast: the server's clock decides that, not the browser.
  expect(JSON.parse(story!.flags!)).toEqual(["fast"]);

  // Sprout's bots say so in their User-Agent (and so does Node's fetch without one).
  await submit(bot!, {}, { "user-agent": "SproutBot/1" });
  await submit(bot!, { summary: "bot text", _sprout_signals: signals() }, { "user-agent": "SproutBot/1" });
  const [botStory] = await visits(s.players[1]!.name);
  expect([botStory!.signalSource, botStory!.flags]).toEqual(["bot", null]);
  expect((await playerRow(s.players[1]!.name)).quality).toBeNull();
});

test("no signals payload can fail or block a submission: each is kept as invalid and the player moves on", async () => {
  const payloads = ["{not json", "x".repeat(30_000), JSON.stringify({ ms: "slow" }), JSON.stringify([1, 2]), JSON.stringify({ paste: { summary: { count: -1, chars: 1 } } }), "null", JSON.stringify({ pointer: "laser" })];
  const s = await newSession(server, "careful", payloads.length);
  for (const [i, payload] of payloads.entries()) {
    const url = s.urls[i]!;
    await submit(url, {});
    const res = await submit(url, { summary: "fine", _sprout_signals: payload });
    expect(res.headers.get("x-sprout-outcome")).toBe("advanced");
    const [story] = await visits(s.players[i]!.name);
    expect([i, story!.signalSource, story!.leftHow]).toEqual([i, "invalid", "submit"]);
  }
  // Two values for the field (a hand-made form) are as unreadable as the rest.
  const extra = await newSession(server, "careful", 1);
  await submit(extra.urls[0]!, {});
  const page = await getPage(extra.urls[0]!);
  const body = new URLSearchParams([["_position", String(page.position)], ["summary", "x"], ["_sprout_signals", "{}"], ["_sprout_signals", "{}"]]);
  const res = await fetch(`${extra.urls[0]}submit/`, { method: "POST", body, redirect: "manual", headers: { "user-agent": BROWSER } });
  expect(res.status).toBe(303);
  expect((await visits(extra.players[0]!.name))[0]!.signalSource).toBe("invalid");
});

test("a failed attention check declared with onFail: screenOut screens the participant out; one without only flags", async () => {
  const s = await newSession(server, "careful", 2);
  const [failing, passing] = s.urls;
  await submit(failing!, {});
  await submit(failing!, { summary: "s" });
  await submit(failing!, { color: "0" });
  const end = await getPage(failing!);
  expect(end.html).toContain('data-outcome="screenedOut"');
  const p = await playerRow(s.players[0]!.name);
  expect([p.outcome, JSON.parse(p.quality!)]).toEqual(["screenedOut", ["fast", "attention"]]);
  const reason = await server.db.fieldWrite.findFirstOrThrow({ where: { ownerKind: "player", ownerId: p.id, key: "screenedOut" } });
  expect([reason.value, reason.byKind, reason.byName]).toEqual(['"failed the attention check \\"color\\""', "system", "attention check"]);

  await submit(passing!, {});
  await submit(passing!, { summary: "s" });
  await submit(passing!, { color: "1" });
  await submit(passing!, { rating: "5" });
  const q = await playerRow(s.players[1]!.name);
  expect([q.outcome, JSON.parse(q.quality!)]).toEqual(["completed", ["fast", "attention"]]);
  expect((await visits(q.name)).map((v) => [v.page, v.flags && JSON.parse(v.flags)])).toEqual([
    ["careful/Story", ["fast"]],
    ["careful/Check", null],
    ["careful/Last", ["attention"]],
  ]);
});

test("the same browser entering a session twice is flagged on both players, by its cookie; another browser is not", async () => {
  const s = await newSession(server, "careful", 3);
  const [first, second, other] = s.urls;
  const start = await submit(first!, {});
  const cookie = start.headers.get("set-cookie")!;
  expect(cookie).toMatch(/^sprout_browser=[\w-]{16,}; Path=\/p\/; Max-Age=31536000; HttpOnly; SameSite=Lax$/);
  const jar = { cookie: cookie.split(";")[0]! };
  await submit(first!, { summary: "s" }, jar);
  // The browser keeps its cookie: no new one is set.
  expect((await submit(second!, {}, jar)).headers.get("set-cookie")).toBeNull();
  await submit(other!, {});
  expect(await flagsOf(s.players[0]!.name)).toEqual(["fast", "duplicate"]);
  expect(await flagsOf(s.players[1]!.name)).toEqual(["duplicate"]);
  expect(await flagsOf(s.players[2]!.name)).toEqual([]);
  // Only hashes are kept, salted per session: not the cookie's value.
  const stored = await playerRow(s.players[1]!.name);
  expect(stored.browser).not.toContain(jar.cookie.split("=")[1]);
  expect(stored.browser).toBe((await playerRow(s.players[0]!.name)).browser);
  expect((await playerRow(s.players[1]!.name)).outcome).toBeNull();
});

test("the same device by its coarse fingerprint is flagged too, even without the cookie", async () => {
  const s = await newSession(server, "careful", 3);
  const device = signals();
  // The start page posts itself before the script loads: the fingerprint comes with the next submit.
  await submit(s.urls[0]!, {});
  expect((await playerRow(s.players[0]!.name)).device).toBeNull();
  await submit(s.urls[0]!, { summary: "s", _sprout_signals: device });
  expect((await playerRow(s.players[0]!.name)).device).not.toBeNull();
  await submit(s.urls[1]!, { _sprout_signals: device });
  expect(await flagsOf(s.players[1]!.name)).toEqual(["duplicate"]);
  // Another screen is another device.
  await submit(s.urls[2]!, { _sprout_signals: signals({ device: { screen: "390x844", timeZone: "Europe/Berlin" } }) });
  expect(await flagsOf(s.players[2]!.name)).toEqual([]);
});

test('with duplicates: "screenOut" the second entry from the same browser is screened out', async () => {
  const s = await newSession(server, "careful_strict", 2);
  const start = await submit(s.urls[0]!, {});
  const jar = { cookie: start.headers.get("set-cookie")!.split(";")[0]! };
  await submit(s.urls[1]!, {}, jar);
  const end = await getPage(s.urls[1]!);
  expect(end.html).toContain('data-outcome="screenedOut"');
  expect(end.html).toContain("TWICE");
  expect((await playerRow(s.players[0]!.name)).outcome).toBeNull();
});

test("switched off, no signals, no browser hashes and no cookie are stored; the page says so to its script", async () => {
  const s = await newSession(server, "careful_off", 2);
  const start = await submit(s.urls[0]!, { _sprout_signals: signals() });
  expect(start.headers.get("set-cookie")).toBeNull();
  const page = await getPage(s.urls[0]!);
  expect(page.html).toContain('data-signals="off"');
  await submit(s.urls[0]!, { summary: "s", _sprout_signals: signals() });
  await submit(s.urls[1]!, { _sprout_signals: signals() }, { cookie: "sprout_browser=abcdefghijklmnopqrstuv" });
  const [story] = await visits(s.players[0]!.name);
  expect([story!.signals, story!.signalSource]).toEqual([null, null]);
  // The declared checks stay: Story's minimum time.
  expect(JSON.parse(story!.flags!)).toEqual(["fast"]);
  for (const p of s.players) expect(await playerRow(p.name)).toMatchObject({ browser: null, device: null });
  expect(await flagsOf(s.players[1]!.name)).toEqual([]);
});

describe("exports", () => {
  const csv = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { cookie: admin } });
    expect(res.status).toBe(200);
    return Papa.parse<Record<string, string>>(await res.text(), { header: true, skipEmptyLines: true }).data;
  };

  test("carry the quality columns only when asked", async () => {
    const s = await newSession(server, "careful", 1);
    await submit(s.urls[0]!, {});
    await submit(s.urls[0]!, { summary: "s", _sprout_signals: signals() });
    const base = `/admin/session/${s.name}/export/`;
    const plain = await csv(`${base}page-times.csv`);
    expect(Object.keys(plain[0]!)).not.toContain("flags");
    const [story] = await csv(`${base}page-times.csv?quality=1`);
    expect(story).toMatchObject({ page: "careful/Story", signals: "browser", flags: "paste hidden fast", browserSeconds: "4.2", firstInputSeconds: "0.8", pastes: "1", pastedChars: "120", hiddenCount: "2", hiddenSeconds: "3.1", typedChars: "5", finalChars: "125", meanKeyMs: "180", windowWidth: "1280", windowHeight: "720", pointer: "mouse" });
    const [wide] = await csv(`${base}wide.csv?quality=1`);
    expect(wide!.quality).toBe("paste hidden fast");
    expect(Object.keys((await csv(`${base}wide.csv`))[0]!)).not.toContain("quality");
    const rounds = await csv(`${base}rounds.csv?quality=1`);
    expect(rounds.map((r) => [r.app, r.qualityFlags])).toEqual([["careful", "paste hidden fast"]]);
    const refused = await fetch(`${server.url}${base}chat.csv?quality=1`, { headers: { cookie: admin } });
    expect([refused.status, await refused.text()]).toEqual([400, expect.stringContaining("page-times.csv")]);
    expect((await fetch(`${server.url}${base}wide.csv?quality=yes`, { headers: { cookie: admin } })).status).toBe(400);
  });
});
