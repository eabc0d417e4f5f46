import Papa from "papaparse";
import { exportChunks } from "@/lib/data/exports";
import { monitorRows } from "@/lib/data/monitor";
import { createSession } from "@/lib/engine/admin/sessions";
import { submitPage } from "@/lib/engine/participant/navigation";
import { playStandIns, STAND_IN_CLAIM_MS } from "@/lib/engine/standin/play";
import { sweepDropouts } from "@/lib/engine/time/sweep";
import { inProcessRealtime } from "../../helpers/realtime";
import { eventually } from "../../helpers/sockets";

// A stand-in for a dropout (the app's dropout policy), played by the server's own sweep:
// the dropout's seat is taken mid-round by a bot that plays it with the app's bot script
// through the participant's submit, its writes recorded as the bot's; the seat's claim is in
// the database, so of two instances exactly one plays it and another carries on once the
// first has stopped; a participant who comes back takes the seat back where the app allows.
// Seats here: Pair 0, Pick 1, Sync 2 (round 1), Pair 3, Pick 4, Sync 5 (round 2), Done 6.

const rt = inProcessRealtime();
const PICK1 = 1;
const PICK2 = 4;
const DONE = 6;

/** A pair of `config` on Pick in round 1; the first has a tab open (present), the second none. */
async function pair(config: string) {
  // Earlier tests' sessions are paused: their seats are not this test's to count.
  await rt.db.session.updateMany({ data: { active: false } });
  const s = await createSession(rt.db, { config, players: 2 }, { byKind: "system" });
  const dbs = { db: rt.db, read: rt.db };
  for (const p of s.players) await submitPage(dbs, s.name, p.name, -1, {});
  const [a, b] = s.players.map((p) => p.name) as [string, string];
  const [aId, bId] = s.players.map((p) => p.id) as [number, number];
  expect((await rt.db.player.findMany({ where: { sessionId: s.id } })).map((p) => p.position)).toEqual([PICK1, PICK1]);
  await rt.participantTab(s.name, a);
  await eventually(async () => (await rt.db.connection.count({ where: { playerId: aId } })) === 1);
  const player = (id: number) => rt.db.player.findUniqueOrThrow({ where: { id } });
  const submit = (name: string, position: number, pick: number) => submitPage(dbs, s.name, name, position, { pick: String(pick) });
  /** The sweep finds the second away for longer than the watch allows (a second, here 2 s on): a dropout. */
  const dropOut = () => sweepDropouts(dbs, 1000, new Date(Date.now() + 2000));
  const writes = (id: number, key: string) => rt.db.fieldWrite.findMany({ where: { ownerKind: "player", ownerId: id, key }, orderBy: { seq: "asc" } });
  const groupValue = async (key: string) => {
    const group = await rt.db.group.findFirstOrThrow({ where: { sessionId: s.id } });
    const row = await rt.db.fieldValue.findUnique({ where: { ownerKind_ownerId_key: { ownerKind: "group", ownerId: group.id, key } } });
    return row?.value == null ? undefined : JSON.parse(row.value);
  };
  return { ...s, dbs, a, b, aId, bId, player, submit, dropOut, writes, groupValue };
}

test("a dropout's seat is taken by a bot mid-round: the round finishes, the bot's writes are marked as the bot's", async () => {
  const s = await pair("seats");
  await s.submit(s.a, PICK1, 5);
  expect((await s.player(s.aId)).position).toBe(PICK1 + 1); // waits on Sync for the partner
  expect(await s.dropOut()).toBe(1);
  expect(await s.player(s.bId)).toMatchObject({ dropout: true, standIn: "bot" });
  // The seat is played: the partner still waits for it rather than going on without it.
  expect((await s.player(s.aId)).position).toBe(PICK1 + 1);

  expect(await playStandIns(s.dbs, "one")).toBe(1);
  // The bot picked 70 + round on Pick: the round's sum has both, and both are in round 2.
  expect(await s.groupValue("sum1")).toBe(76);
  expect((await s.player(s.aId)).position).toBe(PICK2);
  expect((await s.player(s.bId)).position).toBe(PICK2);
  const [pick] = await s.writes(s.bId, "pick");
  expect(pick).toMatchObject({ value: "71", round: 1, byKind: "bot", byName: "stand-in@one", page: "seats/Pick" });
  expect((await s.writes(s.bId, "_standIn")).map((w) => [w.value, w.byKind])).toEqual([['"bot"', "system"]]);

  // The partner plays on; the bot finishes its seat too.
  await s.submit(s.a, PICK2, 9);
  for (let i = 0; i < 5 && (await s.player(s.bId)).position <= DONE; i++) await playStandIns(s.dbs, "one");
  expect(await s.groupValue("sum2")).toBe(81);
  expect((await s.player(s.aId)).position).toBe(DONE);
  expect((await s.player(s.bId)).position).toBe(DONE + 1); // the end: the bot pressed Next on Done too
  // Every page visit the bot left was left by the bot's submit, as the participant's would be.
  const visits = await rt.db.pageVisit.findMany({ where: { playerId: s.bId, position: { in: [PICK1, PICK2] } } });
  expect(visits.map((v) => v.leftHow)).toEqual(["submit", "submit"]);

  // The exports say so: every write with its provenance (long.csv), and the seat's record in the wide table.
  const exported = async (format: "long.csv" | "wide.csv") => {
    let csv = "";
    for await (const chunk of exportChunks(rt.db, format, { sessionId: s.id })) csv += chunk;
    return Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
  };
  const long = await exported("long.csv");
  expect(long.filter((r) => r.owner === s.b && r.key === "pick").map((r) => [r.round, r.value, r.byKind, r.byName])).toEqual([
    ["1", "71", "bot", "stand-in@one"],
    ["2", "72", "bot", "stand-in@one"],
  ]);
  const wide = await exported("wide.csv");
  expect(wide.find((r) => r.player === s.b)).toMatchObject({ dropout: "true", _standIn: "bot" });
  expect(wide.find((r) => r.player === s.a)).toMatchObject({ dropout: "false", _standIn: "" });
  // The monitor shows the seat as the bot's, to the end.
  const [row] = await monitorRows(rt.db, { ids: [s.bId] });
  expect(row).toMatchObject({ dropout: true, standIn: "finished" });
});

test("with two instances exactly one plays the seat, and the other carries on once the first has stopped (a restart)", async () => {
  const s = await pair("seats");
  await s.submit(s.a, PICK1, 5);
  await s.dropOut();
  // Both instances sweep at once: one claims the seat, the other leaves it.
  const steps = await Promise.all([playStandIns(s.dbs, "one"), playStandIns(s.dbs, "two")]);
  expect(steps.sort()).toEqual([0, 1]);
  const first = (await s.player(s.bId)).standInBy!;
  expect(["one", "two"]).toContain(first);
  const other = first === "one" ? "two" : "one";
  await s.submit(s.a, PICK2, 9);
  // The other instance finds the seat claimed while the first keeps it alive.
  expect(await playStandIns(s.dbs, other)).toBe(0);
  expect((await s.player(s.bId)).position).toBe(PICK2);
  // The first instance stops (killed, restarted): its claim runs out and the other takes the seat over where the bot was.
  expect(await playStandIns(s.dbs, other, new Date(Date.now() + STAND_IN_CLAIM_MS + 1000))).toBe(1);
  expect((await s.player(s.bId)).position).toBe(PICK2 + 1 + 1); // through Sync (the partner was there) to Done
  const picks = await s.writes(s.bId, "pick");
  expect(picks.map((w) => [w.round, w.byKind, w.byName])).toEqual([
    [1, "bot", `stand-in@${first}`],
    [2, "bot", `stand-in@${other}`],
  ]);
});

test("a participant who comes back takes the seat back at the page the bot reached, and the bot stops", async () => {
  const s = await pair("seats");
  await s.submit(s.a, PICK1, 5);
  await s.dropOut();
  await playStandIns(s.dbs, "one");
  expect((await s.player(s.bId)).position).toBe(PICK2);
  const tab = await rt.participantTab(s.name, s.b);
  await eventually(async () => (await s.player(s.bId)).standIn === null);
  expect(await s.player(s.bId)).toMatchObject({ position: PICK2, dropout: false, standInBy: null });
  await eventually(() => tab.received.some((r) => r.event === "page:refresh"));
  expect(await playStandIns(s.dbs, "one")).toBe(0);
  expect((await s.player(s.bId)).position).toBe(PICK2);
  // They play on themselves, as themselves.
  expect(await s.submit(s.b, PICK2, 3)).toEqual({ kind: "advanced" });
  expect((await s.writes(s.bId, "pick")).map((w) => [w.round, w.byKind])).toEqual([
    [1, "bot"],
    [2, "participant"],
  ]);
  expect((await s.writes(s.bId, "_standIn")).map((w) => [w.value, w.byKind])).toEqual([
    ['"bot"', "system"],
    ["null", "participant"],
  ]);
});

test("where the app keeps the seat with the bot, a participant who comes back cannot play it", async () => {
  const s = await pair("seats_kept");
  await s.submit(s.a, PICK1, 5);
  await s.dropOut();
  await playStandIns(s.dbs, "one");
  const tab = await rt.participantTab(s.name, s.b);
  await new Promise((r) => setTimeout(r, 300)); // what the connection would have done, it has done by now
  tab.close();
  expect(await s.player(s.bId)).toMatchObject({ standIn: "bot", position: PICK2 });
  expect(await s.submit(s.b, PICK2, 3)).toEqual({ kind: "stale" });
  expect(await s.writes(s.bId, "pick")).toHaveLength(1);
});

test("an app whose groups end with a dropout sends the partner to the end with the app's message", async () => {
  const s = await pair("seats_end");
  await s.submit(s.a, PICK1, 5);
  await s.dropOut();
  expect(await s.player(s.aId)).toMatchObject({ position: DONE + 1 });
  expect(await s.player(s.bId)).toMatchObject({ dropout: true, standIn: null });
  expect((await s.writes(s.aId, "_endMessage")).map((w) => w.value)).toEqual(['"Your partner left; the study ends here."']);
  expect(await playStandIns(s.dbs, "one")).toBe(0);
});
