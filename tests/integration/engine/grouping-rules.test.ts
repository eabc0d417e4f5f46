import { createSession } from "@/lib/engine/admin/sessions";
import { markDropouts } from "@/lib/engine/admin/player-actions";
import { beginMove, LostRace } from "@/lib/engine/participant/move-state";
import { passWait } from "@/lib/engine/participant/waits";
import { findPlayer, orderOf, pageAt } from "@/lib/engine/core/position";
import type { Tx } from "@/lib/store/db";
import { submitPage } from "@/lib/engine/participant/navigation";
import { shuffled } from "@/lib/engine/core/shuffle";
import { groupMembersColumn } from "@/lib/store/columns";
import { freshDb } from "../../helpers/database";

// Grouping by rule (byrule: one buyer and one seller, roles stored), and rematching between
// rounds (rematch_*: three rounds of Pair, Play). Players arrive one after another here; the
// simultaneous arrivals are tests/integration/multiplayer/grouping.test.ts's.

async function session(config: string, n: number) {
  const { db } = freshDb();
  const s = await createSession(db, { config, players: n }, { byKind: "system" });
  const submit = (i: number, position: number) => submitPage({ db, read: db }, s.name, s.players[i]!.name, position, {});
  const players = () => db.player.findMany({ where: { sessionId: s.id }, orderBy: { index: "asc" } });
  const values = async (key: string) => {
    const rows = await db.fieldValue.findMany({ where: { sessionId: s.id, ownerKind: "player", key } });
    return new Map(rows.map((r) => [r.ownerId, JSON.parse(r.value!) as unknown]));
  };
  return { db, s, submit, players, values };
}

test("a groupBy rule: only a buyer and a seller form a group; whoever has no match waits", async () => {
  const { db, s, submit, players, values } = await session("byrule", 6);
  // Buyers are the even indices: three buyers arrive, then the sellers.
  for (const i of [0, 2, 4]) await submit(i, -1);
  expect((await players()).filter((p) => p.position === 0)).toHaveLength(3);
  expect(await db.group.count({ where: { sessionId: s.id } })).toBe(0);
  for (const i of [1, 3, 5]) await submit(i, -1);
  const all = await players();
  expect(all.every((p) => p.position === 1 && p.groupId !== null)).toBe(true);
  const groups = await db.group.findMany({ where: { sessionId: s.id } });
  expect(groups).toHaveLength(3);
  const side = await values("side");
  const role = await values("role");
  for (const g of groups) {
    const [buyer, seller] = groupMembersColumn.read(g.members);
    expect([side.get(buyer!), side.get(seller!)]).toEqual(["buyer", "seller"]);
    expect([role.get(buyer!), role.get(seller!)]).toEqual(["buyer", "seller"]);
  }
  // In order of arrival: the first buyer with the first seller.
  const first = groups.find((g) => groupMembersColumn.read(g.members)[0] === all[0]!.id)!;
  expect(groupMembersColumn.read(first.members)).toEqual([all[0]!.id, all[1]!.id]);
  expect(await db.fieldWrite.count({ where: { sessionId: s.id, key: "role", byName: "grouping", page: "byrule/Match" } })).toBe(6);
  expect((await db.fieldValue.findMany({ where: { sessionId: s.id, ownerKind: "group", key: "groupedRuns" } })).map((r) => r.value)).toEqual(["1", "1", "1"]);
  await db.$disconnect();
});

/** Plays the three rounds, the players reaching each round's Pair page in a new random order; returns each round's pairs. */
async function playRounds(config: string, n: number) {
  const { db, s, submit, players } = await session(config, n);
  for (const i of shuffled([...Array(n).keys()])) await submit(i, -1);
  const rounds: number[][][] = [];
  for (let round = 1; round <= 3; round++) {
    const now = await players();
    // Everyone is grouped for this round and on its Play page (position 2r - 1).
    expect(now.every((p) => p.position === 2 * round - 1)).toBe(true);
    const groupIds = [...new Set(now.map((p) => p.groupId!))];
    const groups = await db.group.findMany({ where: { id: { in: groupIds } } });
    rounds.push(groups.map((g) => groupMembersColumn.read(g.members).slice().sort((a, b) => a - b)));
    expect(groups.every((g) => groupMembersColumn.read(g.members).length === 2)).toBe(true);
    for (const i of shuffled([...Array(n).keys()])) await submit(i, 2 * round - 1);
  }
  expect((await players()).every((p) => p.position === 6)).toBe(true);
  const roleWrites = await db.fieldWrite.findMany({ where: { sessionId: s.id, key: "role" } });
  await db.$disconnect();
  return { rounds, roleWrites };
}

const pairKeys = (rounds: number[][][]) => rounds.flatMap((r) => r.map((g) => g.join("-")));

test("perfect strangers: over the rounds no two players are paired twice", async () => {
  for (let run = 0; run < 3; run++) {
    const { rounds, roleWrites } = await playRounds("rematch_perfect", 4);
    const keys = pairKeys(rounds);
    expect(keys).toHaveLength(6);
    expect(new Set(keys).size).toBe(6);
    // Roles are stored per round: each round's grouping writes every member's role with that round.
    expect(roleWrites.map((w) => w.round).sort()).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
  }
});

test("perfect strangers among six players: every round completes (nobody is left with only old partners), no pair twice", async () => {
  for (let run = 0; run < 4; run++) {
    const { rounds } = await playRounds("rematch_perfect", 6);
    const keys = pairKeys(rounds);
    expect(keys).toHaveLength(9);
    expect(new Set(keys).size).toBe(9);
  }
});

test("perfect strangers: a round's groups wait while someone still waits on the round before (who met whom is not settled)", async () => {
  const { db, s, submit, players } = await session("rematch_perfect", 6);
  // Round 1: 0 with 1, 2 with 3; 4 waits for a partner (5 has not started).
  for (const i of [0, 1, 2, 3, 4]) await submit(i, -1);
  for (const i of [0, 1, 2, 3]) await submit(i, 1);
  const groupIds = async () => new Set((await players()).map((p) => p.groupId)).size;
  // 0, 1, 2 and 3 are on round 2's Pair; nobody is grouped for it while 4 waits on round 1's.
  expect((await players()).map((p) => p.position)).toEqual([2, 2, 2, 2, 0, -1]);
  expect(await db.group.count({ where: { sessionId: s.id } })).toBe(2);
  await submit(5, -1);
  expect((await players()).map((p) => p.position)).toEqual([2, 2, 2, 2, 1, 1]);
  await submit(4, 1);
  await submit(5, 1);
  const now = await players();
  expect(now.map((p) => p.position)).toEqual([3, 3, 3, 3, 3, 3]);
  expect(await groupIds()).toBe(3);
  const groups = await db.group.findMany({ where: { sessionId: s.id } });
  const keys = groups.map((g) => groupMembersColumn.read(g.members).slice().sort((a, b) => a - b).join("-"));
  expect(keys).toHaveLength(6);
  expect(new Set(keys).size).toBe(6);
  await db.$disconnect();
});

test("perfect strangers: a round's groups also wait for those who have not reached the round before (they could be left with only each other)", async () => {
  const { db, s, submit, players } = await session("rematch_perfect", 6);
  // Round 1: 0 with 1, 2 with 3; 4 and 5 have not started.
  for (const i of [0, 1, 2, 3]) await submit(i, -1);
  for (const i of [0, 1, 2, 3]) await submit(i, 1);
  // Grouping 0-3 among themselves now (0 with 2, 1 with 3) would leave 4 and 5, partners in
  // round 1, only each other in round 2: nobody is grouped for round 2 yet.
  expect((await players()).map((p) => p.position)).toEqual([2, 2, 2, 2, -1, -1]);
  expect(await db.group.count({ where: { sessionId: s.id } })).toBe(2);
  for (const i of [4, 5]) await submit(i, -1);
  for (const i of [4, 5]) await submit(i, 1);
  expect((await players()).map((p) => p.position)).toEqual([3, 3, 3, 3, 3, 3]);
  // Round 3 completes too, and no pair met twice.
  for (const i of [0, 1, 2, 3, 4, 5]) await submit(i, 3);
  expect((await players()).map((p) => p.position)).toEqual([5, 5, 5, 5, 5, 5]);
  const groups = await db.group.findMany({ where: { sessionId: s.id } });
  const keys = groups.map((g) => groupMembersColumn.read(g.members).slice().sort((a, b) => a - b).join("-"));
  expect(keys).toHaveLength(9);
  expect(new Set(keys).size).toBe(9);
  await db.$disconnect();
});

test("perfect strangers: a no-show marked as a dropout no longer holds the next round", async () => {
  const { db, s, submit, players } = await session("rematch_perfect", 5);
  // 0-3 play round 1 in two pairs; 4 never opens the link.
  for (const i of [0, 1, 2, 3]) await submit(i, -1);
  for (const i of [0, 1, 2, 3]) await submit(i, 1);
  expect((await players()).map((p) => [p.position, p.round])).toEqual([[2, 2], [2, 2], [2, 2], [2, 2], [-1, null]]);
  await markDropouts(db, "admin", s.name, [s.players[4]!.name]);
  // Round 2's pairs form at once, of strangers.
  expect((await players()).map((p) => p.position)).toEqual([3, 3, 3, 3, -1]);
  expect(await db.group.count({ where: { sessionId: s.id } })).toBe(4);
  await db.$disconnect();
});

test("perfect strangers: an arrival grouped by someone else before it got the lock is stale and forms nothing", async () => {
  const { db, s, submit, players } = await session("rematch_perfect", 4);
  for (const i of [0, 1, 2, 3]) await submit(i, -1);
  for (const i of [0, 1, 2]) await submit(i, 1);
  const groupsBefore = await db.group.count({ where: { sessionId: s.id } });
  // Player 3 arrives on round 2's Pair, as read before its transaction holds the session lock;
  // meanwhile (here: in the same transaction, as a commit it waited for would show) it moved on.
  const stale = await findPlayer(db, s.name, s.players[3]!.name);
  const order = [...orderOf(stale)];
  await expect(
    db.$transaction(async (tx) => {
      await tx.player.update({ where: { id: stale.id }, data: { position: 3 } });
      const move = beginMove(tx as unknown as Tx, { ...stale, position: 1 }, order, { byKind: "participant", byName: stale.name });
      await passWait(move, 2, pageAt(order, 2)!.page.wait!);
    }),
  ).rejects.toBeInstanceOf(LostRace);
  expect(await db.group.count({ where: { sessionId: s.id } })).toBe(groupsBefore);
  // Rolled back: player 3 is where it was.
  expect((await players())[3]!.position).toBe(1);
  await db.$disconnect();
});

test("partners keep the first round's group; strangers get new groups every round", async () => {
  const partners = await playRounds("rematch_partner", 4);
  expect(partners.rounds[1]).toEqual(partners.rounds[0]);
  expect(partners.rounds[2]).toEqual(partners.rounds[0]);
  const strangers = await playRounds("rematch_stranger", 4);
  expect(strangers.rounds.flat()).toHaveLength(6);
  // (New groups each round; who is paired with whom is at random, so the same pair may meet again.)
  expect(strangers.roleWrites).toHaveLength(12);
});
