import net from "node:net";
import { createDb } from "@/lib/store/db";
import { TEST_ENGINE } from "../../helpers/engine";
import { startServer, freshDatabaseUrl } from "../../helpers/server";
import { patientBots, unstoredAnswers } from "../../helpers/patient-bot";
import { newSession } from "../../helpers/sessions";

// The PostgreSQL server goes away and comes back while 200 participants play: the test puts a
// TCP proxy of its own between the instance and the database and cuts it (the shared server is
// never touched). Requests meanwhile get "please wait" (503 with Retry-After, never a 500);
// the instance finds the database again by itself (how soon is printed: a bound would depend on
// how busy the machine is); nothing acknowledged is lost.
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

onPostgres("200 participants play through a database outage: 503 'please wait' meanwhile, never a 500, recovery by itself, nothing acknowledged lost", async () => {
  const direct = freshDatabaseUrl();
  const target = new URL(direct);
  const proxy = await cuttableProxy(target);
  const proxied = new URL(direct);
  proxied.port = String(proxy.port);
  const server = await startServer({ databaseUrl: proxied.toString(), env: { SPROUT_ONLINE_WINDOW_MS: "600000" } });
  const check = createDb(direct);
  const { acknowledged, statuses, play } = patientBots();
  try {
    const s = await newSession(server, "basics", 200);
    const bots = Promise.all(s.players.map((p, i) => play(p.name, s.name, i, () => server.url)));
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
    expect(await check.player.count({ where: { sessionId: s.id, position: 3 } })).toBe(200);
    expect(await unstoredAnswers(check, s.id, acknowledged)).toEqual([]);
  } finally {
    await server.stop();
    await check.$disconnect();
    await proxy.close();
  }
}, 180_000);
