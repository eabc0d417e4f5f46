import { createSession } from "@/lib/engine/admin/sessions";
import { integer, json, page, radio, stored, type PlayerApi } from "@/lib/experiment";
import { playerApi, sessionApi } from "@/lib/engine/core/handles";
import { WriteBuffer, type HandleScope } from "@/lib/engine/core/write-buffer";
import type { Db } from "@/lib/store/db";
import { freshDb } from "../../helpers/database";

// Reads and writes through what declares a field (a page, an app's stored()): the same field as
// by name, on a real database (SQLite or PostgreSQL, as the suite runs); a name the declaration
// lacks (code the compiler did not check) is refused instead of touching another field.

let db: Db;
beforeAll(() => ({ db } = freshDb()));
afterAll(() => db.$disconnect());

const by = { byKind: "hook" as const, byName: "test" };
const results = stored({ payoff: integer({ label: "Points" }), seen: json<number[]>({ label: "Rounds seen" }) });
const decide = page({ name: "Decide", fields: { cooperate: radio({ label: "Cooperate?", choices: [[true, "Yes"], [false, "No"]] }) } });

async function handles() {
  const s = await createSession(db, { config: "basics", players: 1 }, { byKind: "system", byName: "test" });
  const row = await db.player.findFirstOrThrow({ where: { sessionId: s.id } });
  const session = await db.session.findUniqueOrThrow({ where: { id: s.id } });
  const buffer = new WriteBuffer();
  const scope: HandleScope = { db, buffer, provenance: by, context: { app: "basics", round: 1 } };
  return { player: playerApi(scope, row), session: sessionApi(scope, session), buffer, read: () => playerApi({ ...scope, buffer: null }, row) };
}

test("set and get through a stored() declaration or a page are the field of that name; stored, they read back typed", async () => {
  const { player, buffer, read } = await handles();
  await player.set(results, "payoff", 5);
  await player.set(results, "seen", [1, 2]);
  await player.set("note", "by name");
  expect([await player.get(results, "payoff"), await player.get("payoff"), await player.get(results, "seen")]).toEqual([5, 5, [1, 2]]);
  await buffer.flush(db);
  const stored: PlayerApi = read();
  expect([await stored.get(results, "payoff"), await stored.get("note"), await stored.history(results, "payoff")]).toEqual([5, "by name", [5]]);
  expect(await stored.get(decide, "cooperate")).toBeUndefined();
});

test("a name the declaration does not have is refused with the names it has, and nothing is written", async () => {
  const { player, session, buffer } = await handles();
  const loose = results as unknown as { kind: "stored"; fields: Record<string, never> };
  await expect(player.set(loose, "payof" as never, 3 as never)).rejects.toThrow('this stored() declaration declares no field "payof" (it declares payoff, seen)');
  await expect(player.get(decide as never, "cooperat" as never)).rejects.toThrow('page "Decide" declares no field "cooperat" (it declares cooperate)');
  await expect(session.get(loose, "toString" as never)).rejects.toThrow("declares no field \"toString\"");
  await expect(player.history(loose, "seen ")).rejects.toThrow('declares no field "seen "');
  expect(buffer.size()).toBe(0);
});
