import type Database from "better-sqlite3";

// Prisma's SQLite adapter compiles every statement anew (`client.prepare(sql).bind(args)`), and
// better-sqlite3's prepare was the largest single cost in the server's CPU profile of the soak
// (8% of it: README, "Speed"). Prisma sends the same few hundred statement texts again and again,
// so the compiled statements are kept by their text and each use gets its own arguments.

/** How many compiled statements a connection keeps (the least recently used goes first). */
const KEPT = 500;

type Statement = Database.Statement<unknown[], unknown>;

/**
 * One use of a kept statement, shaped like what the adapter does with a fresh one: bind the
 * arguments, then run it or read all its rows (raw). A kept statement cannot be bound for good
 * (better-sqlite3 binds once per statement), so the arguments travel with each run.
 */
class StatementUse {
  private args: unknown[] = [];

  constructor(private readonly statement: Statement) {}

  get reader(): boolean {
    return this.statement.reader;
  }

  bind(args: unknown[]): this {
    this.args = args;
    return this;
  }

  columns() {
    return this.statement.columns();
  }

  raw(): this {
    this.statement.raw(true);
    return this;
  }

  run() {
    return this.statement.run(this.args);
  }

  all() {
    return this.statement.all(this.args);
  }
}

/** Makes `connection.prepare` hand out kept statements (compiled once per text). */
export function keepStatements(connection: Database.Database, kept = KEPT): void {
  const compile = connection.prepare.bind(connection);
  const statements = new Map<string, Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement) statements.delete(sql); // re-inserted below: the Map's order is the use order
    else statement = compile(sql) as Statement;
    statements.set(sql, statement);
    if (statements.size > kept) statements.delete(statements.keys().next().value!);
    return new StatementUse(statement);
  };
  connection.prepare = prepare as unknown as typeof connection.prepare;
}
