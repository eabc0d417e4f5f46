import net from "node:net";
import { createDb } from "@/lib/store/db";
import { TEST_ENGINE } from "../../helpers/engine";
import { startServer, freshDatabaseUrl } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// The PostgreSQL server goes away and comes back while 200 participants play: the test puts a
// TCP proxy of its own between the instance and the database and cuts it (the shared server is
// never touched). Requests meanwhile get "please wait" (503 with Retry-After, never a 500);
// the instance finds the database again by itself; nothing acknowledged is lost.
const onPostgres = TEST_ENGINE === "postgresql" ? test : test.skip;

/** A TCP proxy to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
async function cuttableProxy(target: URL) {
  const open = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return void client.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      open.add(a);
      a.on("error", () => b.destroy());
      a.on("close", () => (open.delete(a), b.destroy()));
      a.pipe(b);
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () => {
      cut = true;
      for (const s of open) s.destroy();
    },
    restore: () => void (cut = false),
    close: () => new Promise((r) => server.close(r)),
  };
}

/** What a bot enters on each page of the basics config. */
const answers = (i: number): Record<string, Record<string, string>> => ({
  "basics/Intro": { nickname: `bot${i}`, age: String(20 + (i % 60)), likes: "0", comment: "" },
  "basics/Middle": {},
  "finale/Rate": { rating: String(1 + (i % 5)) },
});

onPostgres("200 participants play through a database outage: 503 'please wait' meanwhile, never a 500, recovery by itself, nothing acknowledged lost", async () => {
  const direct = freshDatabaseUrl();
  const target = new URL(direct);
  const proxy = await cuttableProxy(target);
  const proxied = new URL(direct);
  proxied.port = String(proxy.port);
  const server = await startServer({ databaseUrl: proxied.toString(), env: { SPROUT_ONLINE_WINDOW_MS: "600000" } });
  const check = createDb(direct);
  const statuses = new Map<number, number>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  try {
    const s = await newSession(server, "basics", 200);
    const acknowledged: { player: string; path: string; values: Record<string, string> }[] = [];

    /** One participant without JavaScript who, on "please wait", waits and tries again. */
    async function play(url: string, i: number) {
      const pname = url.split("/").at(-2)!;
      for (let step = 0; step < 200; step++) {
        const page = await fetch(url, { redirect: "manual" });
        const html = await page.text();
        count(page.status);
        // "Please wait": the 503 page, or (in the second before the instance knows) the participant page's own reconnecting view.
        if (page.status === 503 || /data-state="reconnecting"/.test(html)) {
          if (page.status !== 503) count(-1);
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        if (/data-state="end"/.test(html)) return;
        const position = /name="_position" value="(-?\d+)"/.exec(html)?.[1];
        if (position === undefined) throw new Error(`${pname}: no form on a ${page.status} page: ${html.replace(/<head>[\s\S]*?<\/head>/, "").replace(/<script[\s\S]*?<\/script>/g, "").slice(0, 600)}`);
        const path = /data-page="([^"]+)"/.exec(html)?.[1] ?? "start";
        const values = answers(i)[path] ?? {};
        const posted = await fetch(`${url}submit/`, { method: "POST", body: new URLSearchParams({ _position: position, ...values }), redirect: "manual" });
        count(posted.status);
        await posted.text();
        if (posted.status === 303 && posted.headers.get("x-sprout-outcome") === "advanced") acknowledged.push({ player: pname, path, values });
        else if (posted.status === 503) await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`${pname} did not finish`);
    }

    const bots = Promise.all(s.urls.map((url, i) => play(url, i)));
    // The outage: once about a third of the study is acknowledged, for three seconds.
    while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 20));
    proxy.cut();
    await new Promise((r) => setTimeout(r, 3000));
    proxy.restore();
    const restored = Date.now();
    let healthyAfter = -1;
    while (healthyAfter < 0) {
      if ((await fetch(`${server.url}/api/health/`)).status === 200) healthyAfter = Date.now() - restored;
      else await new Promise((r) => setTimeout(r, 100));
    }
    await bots;

    console.log(`outage: answers by status ${JSON.stringify(Object.fromEntries(statuses))}; healthy ${healthyAfter} ms after the database returned`);
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    // It recovers by itself (how fast is reported above: a probe a second, then new connections;
    // a bound here would depend on how busy the machine is).
    expect(healthyAfter).toBeGreaterThanOrEqual(0);
    expect(await check.player.count({ where: { sessionId: s.id, position: 3 } })).toBe(200);
    // Every acknowledged answer is in the database.
    const stored = await check.fieldValue.findMany({ where: { sessionId: s.id, ownerKind: "player", key: { in: ["nickname", "age", "rating"] } } });
    const players = new Map((await check.player.findMany({ where: { sessionId: s.id } })).map((p) => [p.id, p.name]));
    const byPlayer = new Map<string, Record<string, unknown>>();
    for (const v of stored) (byPlayer.get(players.get(v.ownerId)!) ?? byPlayer.set(players.get(v.ownerId)!, {}).get(players.get(v.ownerId)!)!)[v.key] = JSON.parse(v.value!);
    for (const a of acknowledged) {
      if (a.path === "basics/Intro") expect([a.player, byPlayer.get(a.player)?.nickname, byPlayer.get(a.player)?.age]).toEqual([a.player, a.values.nickname, Number(a.values.age)]);
      if (a.path === "finale/Rate") expect([a.player, byPlayer.get(a.player)?.rating]).toEqual([a.player, Number(a.values.rating)]);
    }
  } finally {
    await server.stop();
    await check.$disconnect();
    await proxy.close();
  }
}, 180_000);
