import { pendingFormAt, savePendingForm } from "@/lib/engine/participant/pending-form";
import { createDb } from "@/lib/store/db";
import { freshDb } from "../../helpers/database";

/**
 * The SQLite adapter serializes transactions but runs every statement on one connection,
 * so a bare statement issued while another request's transaction is open becomes part of
 * it. These tests pin down that behaviour and the two rules that keep Sprout correct
 * anyway: reads outside transactions use a second connection, writes use a transaction.
 * (SQLite only: on PostgreSQL every pooled connection reads committed data.)
 */
test("a read on the second connection sees only committed data; on the writer it would not", async () => {
  const { db: write, url } = freshDb("sqlite");
  const read = createDb(url);
  await write.session.create({ data: { name: "s", config: "c", apps: "[]", secret: "x" } });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let updated!: () => void;
  const didUpdate = new Promise<void>((r) => (updated = r));
  const rolledBack = write
    .$transaction(async (tx) => {
      await tx.session.updateMany({ data: { description: "uncommitted" } });
      updated();
      await gate;
      throw new Error("roll back");
    })
    .catch(() => "rolled back");
  await didUpdate;
  expect((await read.session.findFirstOrThrow()).description).toBe("");
  // The adapter's behaviour that makes readDb necessary (if it ever changes, this tells us):
  expect((await write.session.findFirstOrThrow()).description).toBe("uncommitted");
  release();
  await expect(rolledBack).resolves.toBe("rolled back");
  expect((await read.session.findFirstOrThrow()).description).toBe("");
  await Promise.all([write.$disconnect(), read.$disconnect()]);
});

test("a write made while another transaction is open survives that transaction's rollback", async () => {
  const { db } = freshDb("sqlite");
  const session = await db.session.create({ data: { name: "s", config: "c", apps: "[]", secret: "x" } });
  await db.player.create({ data: { id: 42, sessionId: session.id, name: "p", index: 0, position: 3 } });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let opened!: () => void;
  const isOpen = new Promise<void>((r) => (opened = r));
  const other = db
    .$transaction(async (tx) => {
      await tx.session.create({ data: { name: "doomed", config: "c", apps: "[]", secret: "x" } });
      opened();
      await gate;
      throw new Error("roll back");
    })
    .catch(() => undefined);
  await isOpen;
  const saving = savePendingForm(db, 42, 3, { values: { a: "1" }, errors: {}, pageErrors: [] });
  release();
  await Promise.all([other, saving]);
  expect(await db.session.count()).toBe(1);
  expect(pendingFormAt(await db.player.findUniqueOrThrow({ where: { id: 42 } }), 3)).toEqual({ values: { a: "1" }, errors: {}, pageErrors: [] });
  await db.$disconnect();
});

test("a pending form is kept only while the player is on that page", async () => {
  const { db } = freshDb("sqlite");
  const session = await db.session.create({ data: { name: "s", config: "c", apps: "[]", secret: "x" } });
  await db.player.create({ data: { id: 7, sessionId: session.id, name: "p", index: 0, position: 4 } });
  await savePendingForm(db, 7, 3, { values: { a: "stale" }, errors: {}, pageErrors: [] });
  expect(await db.player.findUniqueOrThrow({ where: { id: 7 } })).toMatchObject({ pendingForm: null });
  await savePendingForm(db, 7, 4, { values: { a: "current" }, errors: {}, pageErrors: [] });
  expect(pendingFormAt(await db.player.findUniqueOrThrow({ where: { id: 7 } }), 4)).toMatchObject({ values: { a: "current" } });
  await db.$disconnect();
});
