import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { readMigrations, applyMigrations, MIGRATIONS_DIR } from "@/lib/store/migrate";
import { spawnSync } from "node:child_process";
import { freshDb } from "../../helpers/database";

describe("committed migrations", () => {
  test("build a database that accepts every model with every field", async () => {
    const { db } = freshDb();
    const at = new Date("2026-01-02T03:04:05.678Z");
    const session = await db.session.create({
      data: { name: "s1", config: "c", apps: '["a"]', settings: '{"k":1}', description: "d", secret: "sec", active: false, testing: true, initialized: true, room: "r", createdAt: at },
    });
    const group = await db.group.create({ data: { sessionId: session.id, name: "g1", index: 1, app: "a", createdAt: at } });
    const player = await db.player.create({
      data: {
        sessionId: session.id, name: "p1", index: 0, label: "L", pageOrder: '["a/P"]', position: 0, app: "a", round: 2,
        started: true, initialized: true, dropout: true, groupId: group.id, memberIndex: 1, lastSeen: at, createdAt: at, pendingForm: "{}",
      },
    });
    const visit = await db.pageVisit.create({
      data: { sessionId: session.id, playerId: player.id, position: 0, page: "a/P", app: "a", round: 2, enteredAt: at, leftAt: at, leftHow: "submit" },
    });
    const write = await db.fieldWrite.create({
      data: {
        sessionId: session.id, ownerKind: "player", ownerId: player.id, key: "k", value: "1", at, app: "a", position: 0, round: 2,
        byKind: "hook", byName: "newPlayer", page: "a/P", hook: "newPlayer", codeLine: "experiments/a.tsx:3",
      },
    });
    await db.fieldValue.create({ data: { sessionId: session.id, ownerKind: "player", ownerId: player.id, key: "k", value: "1", seq: write.seq } });

    const back = await db.player.findUniqueOrThrow({ where: { id: player.id }, include: { session: true, group: true, visits: true } });
    expect(back).toMatchObject({ label: "L", round: 2, dropout: true, memberIndex: 1, lastSeen: at, createdAt: at, pendingForm: "{}" });
    expect(back.session).toMatchObject({ name: "s1", active: false, testing: true, initialized: true, room: "r", createdAt: at });
    expect(back.group).toMatchObject({ name: "g1", index: 1, app: "a" });
    expect(back.visits).toEqual([visit]);
    expect(await db.fieldWrite.findUniqueOrThrow({ where: { seq: write.seq } })).toEqual(write);
    expect(await db.fieldValue.findMany()).toHaveLength(1);
    await db.$disconnect();
  });

  test("are recorded in Prisma's own table and applied only once", () => {
    const { file } = freshDb("sqlite");
    expect(applyMigrations(file)).toEqual([]);
    const sqlite = new Database(file, { readonly: true });
    const rows = sqlite.prepare(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`).all();
    sqlite.close();
    expect(rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum, finished_at: expect.any(String) })));
  });

  test("refuse to run when an applied migration was edited", () => {
    const { file } = freshDb("sqlite");
    const sqlite = new Database(file);
    sqlite.prepare(`UPDATE "_prisma_migrations" SET checksum = 'edited'`).run();
    sqlite.close();
    expect(() => applyMigrations(file)).toThrow(/was changed after it was applied/);
  });

  test("match prisma/schema.prisma (no change is missing a migration)", () => {
    const check = spawnSync("node_modules/.bin/tsx", ["prisma/tools/new-migration.ts", "--check"], { encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.stdout).toContain("schema and migrations agree");
    expect(check.status).toBe(0);
  });
});

test("a migration that rebuilds a table keeps the rows that point at it", () => {
  // Prisma rebuilds an SQLite table by copy, DROP and RENAME; with foreign keys on, the DROP
  // would set every player's groupId to NULL.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sprout-migrations-"));
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const { file } = freshDb("sqlite");
  const sqlite = new Database(file);
  sqlite.exec(`INSERT INTO "Session" (id, name, config, apps, secret) VALUES (1, 's', 'c', '[]', 'x');
    INSERT INTO "Group" (id, sessionId, name, "index") VALUES (1, 1, 'g', 1);
    INSERT INTO "Player" (id, sessionId, name, "index", groupId) VALUES (1, 1, 'p', 0, 1);`);
  sqlite.close();
  fs.mkdirSync(path.join(dir, "99990101000000_rebuild_group"));
  fs.writeFileSync(
    path.join(dir, "99990101000000_rebuild_group", "migration.sql"),
    `PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Group" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "sessionId" INTEGER NOT NULL, "name" TEXT NOT NULL, "index" INTEGER NOT NULL, "app" TEXT, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "note" TEXT,
  CONSTRAINT "Group_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE RESTRICT ON UPDATE CASCADE);
INSERT INTO "new_Group" ("id", "sessionId", "name", "index", "app", "createdAt") SELECT "id", "sessionId", "name", "index", "app", "createdAt" FROM "Group";
DROP TABLE "Group";
ALTER TABLE "new_Group" RENAME TO "Group";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;`,
  );
  expect(applyMigrations(file, dir)).toEqual(["99990101000000_rebuild_group"]);
  const check = new Database(file, { readonly: true });
  expect(check.prepare(`SELECT groupId FROM "Player" WHERE id = 1`).get()).toEqual({ groupId: 1 });
  check.close();
});
