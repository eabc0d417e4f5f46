import type { MonitorRow } from "@/lib/data/monitor";
import { connectAdmin, signInAutomatically, type AdminSocket } from "../../helpers/admin";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { connectParticipant, eventually } from "../../helpers/sockets";

// Presence as the admin's monitor shows it, over real sockets on a real server: a player is
// online exactly while a tab of theirs is open, on whichever instance holds it.
let server: RunningServer;
let second: RunningServer;
let cookie: string;
beforeAll(async () => {
  server = await startServer();
  // A second instance on the same database (as behind a load balancer).
  second = await startServer({ databaseUrl: server.databaseUrl });
  cookie = await signInAutomatically(server);
});
afterAll(async () => {
  await second?.stop();
  await server?.stop();
});

/** An admin watching a session's monitor: the latest online state of each player, from the snapshot and then the deltas. */
async function watch(sname: string) {
  const admin: AdminSocket = await connectAdmin(server, cookie);
  const online = new Map<string, boolean>();
  const history: string[] = [];
  const note = (rows: MonitorRow[]) => {
    for (const r of rows) {
      if (online.get(r.name) !== r.online) history.push(`${r.name}:${r.online ? "on" : "off"}`);
      online.set(r.name, r.online);
    }
  };
  admin.on("monitor:delta", ({ rows }: { rows: MonitorRow[] }) => note(rows));
  const ack = (await admin.emitWithAck("monitor:watch", { sname })) as { ok: boolean; rows: MonitorRow[] };
  expect(ack.ok).toBe(true);
  note(ack.rows);
  /** What a fresh look (a reload of the admin page) says, from the database. */
  const snapshot = async () => {
    const fresh = (await admin.emitWithAck("monitor:watch", { sname })) as { rows: MonitorRow[] };
    return Object.fromEntries(fresh.rows.map((r) => [r.name, r.online]));
  };
  const becomes = (name: string, value: boolean) => eventually(() => online.get(name) === value, 10_000);
  return { admin, online, history, snapshot, becomes };
}

/** Lets every write and monitor batch that a change could still cause happen (presence batches, the 250 ms feed). */
const settle = () => new Promise((r) => setTimeout(r, 1500));

test("a closed last tab shows offline and stays offline; a reopened tab shows online", async () => {
  const s = await newSession(server, "basics", 1);
  const name = s.players[0]!.name;
  const monitor = await watch(s.name);
  expect(monitor.online.get(name)).toBe(false);

  const tab = await connectParticipant(server.url, s.urls[0]!);
  await monitor.becomes(name, true);
  tab.close();
  await monitor.becomes(name, false);
  await settle();
  expect(monitor.online.get(name)).toBe(false);
  expect(monitor.history).toEqual([`${name}:off`, `${name}:on`, `${name}:off`]);
  expect(await monitor.snapshot()).toEqual({ [name]: false });
  // "last seen" is when they left
  const left = await server.db.player.findFirstOrThrow({ where: { sessionId: s.id } });
  expect(left.lastSeen).not.toBeNull();

  const again = await connectParticipant(server.url, s.urls[0]!);
  await monitor.becomes(name, true);
  expect(await monitor.snapshot()).toEqual({ [name]: true });
  again.close();
  await monitor.becomes(name, false);
  monitor.admin.close();
});

test("with two tabs, online until the last one closes", async () => {
  const s = await newSession(server, "basics", 1);
  const name = s.players[0]!.name;
  const monitor = await watch(s.name);
  const first = await connectParticipant(server.url, s.urls[0]!);
  const second = await connectParticipant(server.url, s.urls[0]!);
  await monitor.becomes(name, true);
  first.close();
  await settle();
  expect(monitor.online.get(name)).toBe(true);
  expect(await monitor.snapshot()).toEqual({ [name]: true });
  second.close();
  await monitor.becomes(name, false);
  await settle();
  expect(monitor.history).toEqual([`${name}:off`, `${name}:on`, `${name}:off`]);
  monitor.admin.close();
});

test("a reload (close and reopen at once) never shows offline", async () => {
  const s = await newSession(server, "basics", 1);
  const name = s.players[0]!.name;
  const monitor = await watch(s.name);
  const tab = await connectParticipant(server.url, s.urls[0]!);
  await monitor.becomes(name, true);
  tab.close();
  const reloaded = await connectParticipant(server.url, s.urls[0]!);
  await settle();
  expect(monitor.history).toEqual([`${name}:off`, `${name}:on`]);
  reloaded.close();
  monitor.admin.close();
});

test("which instance holds the tabs does not matter: one here and one on the other instance", async () => {
  const s = await newSession(server, "basics", 2);
  const [a, b] = s.players.map((p) => p.name) as [string, string];
  const monitor = await watch(s.name);
  const there = await connectParticipant(second.url, s.urls[1]!.replace(server.url, second.url));
  // The admin's instance holds no socket of b: the database still says online.
  await eventually(async () => (await monitor.snapshot())[b] === true, 10_000);
  const here = await connectParticipant(server.url, s.urls[1]!);
  const elsewhere = await connectParticipant(second.url, s.urls[0]!.replace(server.url, second.url));
  await eventually(async () => (await monitor.snapshot())[a] === true, 10_000);
  here.close();
  await settle();
  expect(await monitor.snapshot()).toEqual({ [a]: true, [b]: true });
  there.close();
  elsewhere.close();
  await eventually(async () => JSON.stringify(await monitor.snapshot()) === JSON.stringify({ [a]: false, [b]: false }), 10_000);
  monitor.admin.close();
});

test("the players of an instance that is killed (kill -9) show offline once its rows run out, and a delta says so", async () => {
  // Their own pair of instances with a short online window: rows count 2 s without a refresh.
  const env = { SPROUT_ONLINE_WINDOW_MS: "2000" };
  const survivor = await startServer({ env });
  const doomed = await startServer({ databaseUrl: survivor.databaseUrl, env });
  try {
    const s = await newSession(survivor, "basics", 1);
    const name = s.players[0]!.name;
    const admin = await connectAdmin(survivor, await signInAutomatically(survivor));
    const deltas: boolean[] = [];
    admin.on("monitor:delta", ({ rows }: { rows: MonitorRow[] }) => deltas.push(...rows.filter((r) => r.name === name).map((r) => r.online)));
    expect(((await admin.emitWithAck("monitor:watch", { sname: s.name })) as { ok: boolean }).ok).toBe(true);
    const tab = await connectParticipant(doomed.url, s.urls[0]!.replace(survivor.url, doomed.url));
    await eventually(async () => (await survivor.db.connection.count({ where: { player: { name } } })) === 1, 10_000);
    await doomed.kill();
    tab.close();
    await eventually(() => deltas.at(-1) === false, 15_000);
    expect(await survivor.db.connection.count()).toBe(0);
    admin.close();
  } finally {
    await doomed.stop();
    await survivor.stop();
  }
});
