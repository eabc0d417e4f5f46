import { createSession } from "@/lib/engine/admin/sessions";
import { page, radio } from "@/lib/experiment";
import { groupApi, playerApi } from "@/lib/engine/core/handles";
import { WriteBuffer, type HandleScope } from "@/lib/engine/core/write-buffer";
import type { Db } from "@/lib/store/db";
import { recordWrites, type Owner, type WriteContext } from "@/lib/store/field-log";
import { freshDb } from "../../helpers/database";

// player.inRound(n) / player.history(key) and the same for groups: past rounds' values read from
// the field log of a real database (SQLite or PostgreSQL, as the suite runs), with this request's
// writes that are not stored yet.

let db: Db;
beforeAll(() => ({ db } = freshDb()));
afterAll(() => db.$disconnect());

const by = { byKind: "hook" as const, byName: "test" };

async function onePlayer() {
  const s = await createSession(db, { config: "basics", players: 1 }, { byKind: "system", byName: "test" });
  const row = await db.player.findFirstOrThrow({ where: { sessionId: s.id } });
  const owner: Owner = { kind: "player", id: row.id, sessionId: s.id };
  const write = (key: string, value: unknown, context: WriteContext) => recordWrites(db, [{ owner, key, value, context, provenance: by }]);
  const handle = (context: WriteContext, buffer: WriteBuffer | null = null) => playerApi({ db, buffer, provenance: by, context } satisfies HandleScope, row);
  return { row, owner, write, handle, sessionId: s.id };
}

test("history gives the value each round ended with; a round that wrote nothing keeps the earlier round's", async () => {
  const { write, handle } = await onePlayer();
  await write("cooperate", null, { app: "pd", round: 1 });
  await write("cooperate", true, { app: "pd", round: 1 });
  await write("total", 3, { app: "pd", round: 1 });
  await write("cooperate", false, { app: "pd", round: 2 });
  await write("cooperate", true, { app: "pd", round: 4 });
  const p = handle({ app: "pd", round: null });
  expect(await p.history("cooperate")).toEqual([true, false, false, true]);
  expect(await p.history("total")).toEqual([3]);
  expect(await p.history("never")).toEqual([]);
  expect([await p.inRound(1).get("cooperate"), await p.inRound(2).get("cooperate"), await p.inRound(3).get("cooperate")]).toEqual([true, false, false]);
  // The current value is the latest write; round history is not.
  expect(await p.get("cooperate")).toBe(true);
  // The typed forms, with the page that declares the field, read the same.
  const decide = page({ name: "Decide", fields: { cooperate: radio({ label: "Cooperate?", choices: [[true, "Yes"], [false, "No"]] }) } });
  expect(await p.history(decide, "cooperate")).toEqual([true, false, false, true]);
  expect(await p.inRound(2).get(decide, "cooperate")).toBe(false);
});

test("writes outside rounds and in other apps are not part of an app's history; a deletion is undefined", async () => {
  const { write, handle } = await onePlayer();
  await write("score", 10, { app: "pd", round: null });
  await write("score", 1, { app: "pd", round: 1 });
  await write("score", 99, { app: "other", round: 2 });
  await write("score", undefined, { app: "pd", round: 2 });
  await write("score", 50, { app: "pd", round: null });
  const p = handle({ app: "pd", round: null });
  expect(await p.history("score")).toEqual([1, undefined]);
  expect(await handle({ app: "other", round: null }).history("score")).toEqual([undefined, 99]);
  // Code that runs outside any app (nothing to read rounds of) gets no history.
  expect(await handle({}).history("score")).toEqual([]);
});

test("the round in progress counts, with the request's writes not stored yet", async () => {
  const { owner, write, handle } = await onePlayer();
  await write("guess", 5, { app: "pd", round: 1 });
  const buffer = new WriteBuffer();
  const p = handle({ app: "pd", round: 3 }, buffer);
  // Reached round 3 without writing it yet: rounds 2 and 3 keep round 1's value.
  expect(await p.history("guess")).toEqual([5, 5, 5]);
  buffer.add({ owner, key: "guess", value: 7, context: { app: "pd", round: 3 }, provenance: by });
  expect(await p.history("guess")).toEqual([5, 5, 7]);
  expect(await p.inRound(3).get("guess")).toBe(7);
  expect(await p.inRound(2).get("guess")).toBe(5);
  // A later round than any write: the last value stands.
  expect(await p.inRound(9).get("guess")).toBe(7);
});

test("a group's fields have a history too", async () => {
  const { row, sessionId } = await onePlayer();
  const group = await db.group.create({ data: { sessionId, index: 1, name: "g1", app: "pd", members: JSON.stringify([row.id]) } });
  const owner: Owner = { kind: "group", id: group.id, sessionId };
  await recordWrites(db, [
    { owner, key: "pot", value: 12, context: { app: "pd", round: 1 }, provenance: by },
    { owner, key: "pot", value: 30, context: { app: "pd", round: 2 }, provenance: by },
  ]);
  const g = groupApi({ db, buffer: null, provenance: by, context: { app: "pd", round: 2 } }, group);
  expect(await g.history("pot")).toEqual([12, 30]);
  expect(await g.inRound(1).get("pot")).toBe(12);
});

test("a round that is not 1, 2, ... is refused with a clear message", async () => {
  const { handle } = await onePlayer();
  const p = handle({ app: "pd", round: 1 });
  for (const bad of [0, -1, 1.5, Number.NaN]) await expect(p.inRound(bad).get("x")).rejects.toThrow(/inRound takes a round number 1, 2, \.\.\., not/);
});
