import { markDropouts } from "@/lib/engine/admin/player-actions";
import { createSession } from "@/lib/engine/admin/sessions";
import { submitPage } from "@/lib/engine/participant/navigation";
import { playStandIns } from "@/lib/engine/standin/play";
import { freshDb } from "../../helpers/database";

// The shipped pd_repeated example replaces a partner who drops out by a stand-in bot: the
// round is played to its end with the bot's decision, recorded as the bot's.
// pd_repeated's order: Matching 0, Decision 1, WaitForPartner 2, Feedback 3 (round 1), ...

test("pd_repeated: the admin marks a partner as a dropout mid-round; a bot decides for them and the round ends", async () => {
  const { db } = freshDb();
  const dbs = { db, read: db };
  const s = await createSession(db, { config: "pd_repeated", players: 2 }, { byKind: "system" });
  const [a, b] = s.players as [{ id: number; name: string }, { id: number; name: string }];
  for (const p of s.players) await submitPage(dbs, s.name, p.name, -1, {});
  expect((await db.player.findMany({ where: { sessionId: s.id }, orderBy: { index: "asc" } })).map((p) => p.position)).toEqual([1, 1]);
  // "0" is the first choice, Cooperate.
  expect(await submitPage(dbs, s.name, a.name, 1, { cooperate: "0" })).toEqual({ kind: "advanced" });
  expect((await markDropouts(db, "admin", s.name, [b.name])).changed).toBe(1);
  expect(await db.player.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ dropout: true, standIn: "bot" });
  await playStandIns(dbs, "example");
  const positions = (await db.player.findMany({ where: { sessionId: s.id }, orderBy: { index: "asc" } })).map((p) => p.position);
  expect(positions).toEqual([3, 3]); // both on round 1's Feedback
  const decision = await db.fieldWrite.findFirstOrThrow({ where: { ownerKind: "player", ownerId: b.id, key: "cooperate", value: { not: "null" } } });
  expect(decision).toMatchObject({ round: 1, byKind: "bot", byName: "stand-in@example" });
  // The payoffs of the round were computed with the bot's decision, and the partner was told.
  const value = async (id: number, key: string) => JSON.parse((await db.fieldValue.findUniqueOrThrow({ where: { ownerKind_ownerId_key: { ownerKind: "player", ownerId: id, key } } })).value!);
  expect(await value(b.id, "cooperate")).toBe(decision.value === "true");
  expect(await value(a.id, "lastPoints")).toBe(decision.value === "true" ? 3 : 0);
  expect(await value(a.id, "partnerLeft")).toBe(1);
});
