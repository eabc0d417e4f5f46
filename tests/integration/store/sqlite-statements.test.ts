import Database from "better-sqlite3";
import { keepStatements } from "@/lib/store/sqlite-statements";
import { freshDb } from "../../helpers/database";

// The SQLite connection keeps its compiled statements (lib/store/sqlite-statements.ts): each use
// of a kept statement must see only its own arguments, and Prisma's reads, writes and
// transactions through it must answer as they did with a statement compiled per use.

test("a kept statement is compiled once per text and runs with each use's own arguments", () => {
  const connection = new Database(":memory:");
  connection.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
  const compiled: string[] = [];
  const compile = connection.prepare.bind(connection);
  connection.prepare = ((sql: string) => (compiled.push(sql), compile(sql))) as typeof connection.prepare;
  keepStatements(connection, 2);

  const insert = "INSERT INTO t (name) VALUES (?)";
  for (const name of ["a", "b", "c"]) connection.prepare(insert).bind([name]).run();
  const select = "SELECT name FROM t WHERE id >= ? ORDER BY id";
  const use = connection.prepare(select).bind([2]);
  expect(use.reader).toBe(true);
  expect(use.columns().map((c) => c.name)).toEqual(["name"]);
  expect(use.raw().all()).toEqual([["b"], ["c"]]);
  expect(connection.prepare(select).bind([3]).raw().all()).toEqual([["c"]]);
  expect(compiled).toEqual([insert, select]);

  // Only the two most recently used are kept: a third text pushes out the least recent (insert).
  connection.prepare("SELECT 1").run();
  connection.prepare(select).bind([1]).raw().all();
  connection.prepare(insert).bind(["d"]).run();
  expect(compiled).toEqual([insert, select, "SELECT 1", insert]);
  connection.close();
});

test("Prisma on a connection that keeps statements: writes, reads, rollbacks and refusals as before", async () => {
  const { db } = freshDb("sqlite");
  try {
    for (const name of ["s1", "s2", "s3"]) await db.session.create({ data: { name, config: "c", apps: "[]", secret: name } });
    expect((await db.session.findMany({ where: { name: { in: ["s1", "s3"] } }, orderBy: { name: "asc" } })).map((s) => s.name)).toEqual(["s1", "s3"]);
    expect((await db.session.findUnique({ where: { name: "s2" } }))?.secret).toBe("s2");

    await expect(
      db.$transaction(async (tx) => {
        await tx.session.update({ where: { name: "s1" }, data: { description: "rolled back" } });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await db.session.findUnique({ where: { name: "s1" } }))?.description).toBe("");

    // A refused write (a unique name taken) leaves the kept statement usable for the next one.
    await expect(db.session.create({ data: { name: "s1", config: "c", apps: "[]", secret: "x" } })).rejects.toThrow();
    await db.session.create({ data: { name: "s4", config: "c", apps: "[]", secret: "s4" } });
    expect(await db.session.count()).toBe(4);
  } finally {
    await db.$disconnect();
  }
});
