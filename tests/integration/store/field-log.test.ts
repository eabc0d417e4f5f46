import { recordWrites, type FieldWriteInput, type Owner } from "@/lib/store/field-log";
import type { Db } from "@/lib/store/db";
import { freshDb } from "../../helpers/database";

let db: Db;
let owner: Owner;

beforeAll(async () => {
  ({ db } = freshDb());
  const session = await db.session.create({ data: { name: "s", config: "c", apps: "[]", secret: "x" } });
  owner = { kind: "player", id: 7, sessionId: session.id };
});
afterAll(() => db.$disconnect());

const write = (key: string, value: unknown, extra: Partial<FieldWriteInput> = {}): FieldWriteInput => ({
  owner,
  key,
  value,
  context: { app: "a", position: 3, round: 2 },
  provenance: { byKind: "hook", byName: "newPlayer", hook: "newPlayer", codeLine: "experiments/a/index.tsx:12" },
  ...extra,
});

test("every write appends a row with context and provenance, and current values follow", async () => {
  await db.$transaction((tx) => recordWrites(tx, [write("x", 1), write("y", { a: [true] }), write("x", 2)]));
  const log = await db.fieldWrite.findMany({ where: { ownerId: 7 }, orderBy: { seq: "asc" } });
  expect(log.map((r) => [r.key, r.value])).toEqual([["x", "1"], ["y", '{"a":[true]}'], ["x", "2"]]);
  expect(log[0]).toMatchObject({ app: "a", position: 3, round: 2, byKind: "hook", byName: "newPlayer", hook: "newPlayer", codeLine: "experiments/a/index.tsx:12" });
  expect(log[1]!.seq).toBeGreaterThan(log[0]!.seq);
  const current = await db.fieldValue.findMany({ where: { ownerId: 7 }, orderBy: { key: "asc" } });
  expect(current.map((r) => [r.key, r.value, r.seq])).toEqual([["x", "2", log[2]!.seq], ["y", '{"a":[true]}', log[1]!.seq]]);
});

test("deleting a field writes a tombstone and keeps its history", async () => {
  await db.$transaction((tx) => recordWrites(tx, [write("gone", "v"), write("gone", undefined)]));
  const log = await db.fieldWrite.findMany({ where: { key: "gone" }, orderBy: { seq: "asc" } });
  expect(log.map((r) => r.value)).toEqual(['"v"', null]);
  expect(await db.fieldValue.findUnique({ where: { ownerKind_ownerId_key: { ownerKind: "player", ownerId: 7, key: "gone" } } })).toMatchObject({ value: null });
});

test("a write that is not JSON stores nothing at all", async () => {
  const before = await db.fieldWrite.count();
  await expect(db.$transaction((tx) => recordWrites(tx, [write("ok", 1), write("bad", NaN)]))).rejects.toThrow(/bad is NaN/);
  expect(await db.fieldWrite.count()).toBe(before);
});

test("the database refuses to update or delete log rows", async () => {
  await expect(db.$executeRawUnsafe(`UPDATE "FieldWrite" SET "value" = '666'`)).rejects.toThrow(/append-only/);
  await expect(db.$executeRawUnsafe(`DELETE FROM "FieldWrite"`)).rejects.toThrow(/append-only/);
  await expect(db.fieldWrite.deleteMany({})).rejects.toThrow(/append-only/);
  await expect(db.fieldWrite.updateMany({ data: { key: "z" } })).rejects.toThrow(/append-only/);
  expect(await db.fieldWrite.count({ where: { value: "666" } })).toBe(0);
});
