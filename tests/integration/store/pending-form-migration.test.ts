import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { applyMigrations, MIGRATIONS_DIR } from "@/lib/store/migrate";
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from "@/lib/store/migrate-postgres";
import { DATABASE_PREFIX, postgresUrl, psql, TEST_ENGINE } from "../../helpers/engine";
import { freshSqliteUrl } from "../../helpers/server";

// 20261206170218_pending_form_on_player moved PendingForm's rows onto Player.pendingForm: a study
// running through the upgrade keeps the invalid input its participants are about to see again.

const MIGRATION = "20261206170218_pending_form_on_player";
const ROWS = `INSERT INTO "Session" (id, name, config, apps, secret) VALUES (1, 's', 'c', '[]', 'x');
  INSERT INTO "Player" (id, "sessionId", name, "index", position) VALUES (1, 1, 'p1', 0, 2), (2, 1, 'p2', 1, 0);
  INSERT INTO "PendingForm" ("playerId", position, state) VALUES (1, 2, '{"values":{"age":"x","likes":["a","b"]},"errors":{"age":"Enter a number"},"pageErrors":[]}');`;

/** The committed migrations up to, not including, `MIGRATION`, in a folder of their own. */
function migrationsBefore(dir: string): string {
  const before = fs.mkdtempSync(path.join(os.tmpdir(), "sprout-migrations-"));
  for (const name of fs.readdirSync(dir).filter((n) => n < MIGRATION)) fs.cpSync(path.join(dir, name), path.join(before, name), { recursive: true });
  return before;
}

const expected = [
  { id: 1, pendingForm: { position: 2, values: { age: "x", likes: ["a", "b"] }, errors: { age: "Enter a number" }, pageErrors: [] } },
  { id: 2, pendingForm: null },
];
const parsed = (rows: { id: number; pendingForm: string | null }[]) => rows.map((r) => ({ id: Number(r.id), pendingForm: r.pendingForm === null ? null : JSON.parse(r.pendingForm) }));

test("the move of pending forms onto their players keeps each one, with its position", async () => {
  if (TEST_ENGINE === "sqlite") {
    const file = freshSqliteUrl().replace(/^file:/, "");
    applyMigrations(file, migrationsBefore(MIGRATIONS_DIR));
    const sqlite = new Database(file);
    sqlite.exec(ROWS);
    sqlite.close();
    expect(applyMigrations(file)).toEqual([MIGRATION]);
    const check = new Database(file, { readonly: true });
    expect(parsed(check.prepare(`SELECT id, "pendingForm" FROM "Player" ORDER BY id`).all() as never)).toEqual(expected);
    expect(check.prepare(`SELECT name FROM sqlite_master WHERE name = 'PendingForm'`).all()).toEqual([]);
    check.close();
    return;
  }
  const name = `${DATABASE_PREFIX}${crypto.randomBytes(5).toString("hex")}`;
  psql(`CREATE DATABASE "${name}"`);
  const url = postgresUrl(name);
  await applyPostgresMigrations(url, migrationsBefore(POSTGRES_MIGRATIONS_DIR));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(ROWS);
    expect(await applyPostgresMigrations(url)).toEqual([MIGRATION]);
    expect(parsed((await client.query(`SELECT id, "pendingForm" FROM "Player" ORDER BY id`)).rows)).toEqual(expected);
    expect((await client.query(`SELECT to_regclass('"PendingForm"') AS t`)).rows).toEqual([{ t: null }]);
  } finally {
    await client.end();
  }
});
