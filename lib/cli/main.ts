/**
 * The sprout command line: `npm run sprout -- <command>`.
 *
 *   session create <config> --players N [--name NAME] [--settings JSON] [--base-url URL]
 *   hash-password   (reads a password on stdin, prints its hash for SPROUT_ADMIN_PASSWORD_<NAME>)
 *   dump [--file F]     (the whole database as a versioned JSON Lines dump, to stdout or to F)
 *   restore --file F    (a dump into the fresh, empty database DATABASE_URL names)
 *   migrate             (applies pending migrations: for servers started with SPROUT_MIGRATE_AT_START=false)
 *   token create NAME [--read-only] | token revoke NAME | token list   (admin API tokens)
 *   api [-u URL] [-X METHOD] [-d JSON] ENDPOINT   (calls the admin API with SPROUT_API_TOKEN; exit 1 on an error status)
 *   test CONFIG [-n PLAYERS] [--case NAME] [--database sqlite|postgresql://SERVER]   (the apps' bot tests on a throwaway server and database; exit 1 on a failure)
 *   new APP   (a new app folder with a page and a bot test, and its config in the project file)
 *
 * The database is DATABASE_URL's. A refusal (bad input, a dump that does not fit) prints its
 * message and exits with code 2; anything unexpected exits with 1.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { engineOf, env, sqlitePath } from "../env.ts";
import { isExpectedError, InvalidInputError } from "../errors.ts";
import { db } from "../store/db.ts";
import { parseJsonObject } from "../store/json.ts";
import { databaseIsNew, describeDatabase, migrateDatabase, pendingDatabaseMigrations } from "../store/database.ts";

// Loaded on its own, so a mistake in an app is reported in one line (app, page, field).
const project = await import("../project.ts").catch((e: unknown) => {
  console.error(`Sprout cannot load the project: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
const { createSession } = await import("../engine/admin/sessions.ts");

const USAGE = `usage:
  npm run sprout -- session create <config> --players N [--name NAME] [--settings JSON] [--base-url URL]
  npm run sprout -- hash-password < password.txt
  npm run sprout -- dump [--file F]
  npm run sprout -- restore --file F
  npm run sprout -- migrate
  npm run sprout -- token create NAME [--read-only]   (prints the token once; SPROUT_API_TOKEN for the API)
  npm run sprout -- token revoke NAME
  npm run sprout -- token list
  npm run sprout -- api [-u URL] [-X METHOD] [-d JSON] ENDPOINT   (the admin API, token in SPROUT_API_TOKEN; e.g. api sessions)
  npm run sprout -- test CONFIG [-n PLAYERS] [--case NAME] [--database sqlite|postgresql://SERVER]   (the apps' bot tests on a throwaway server and database)
  npm run sprout -- new APP   (a new app: a folder with a page and a bot test, and its config in the project file)

configs: ${project.listConfigs().map(([n]) => n).join(", ")}`;

async function sessionCreate(args: string[]) {
  const { values, positionals } = parseOptions(() =>
    parseArgs({
      args,
      allowPositionals: true,
      options: { players: { type: "string" }, name: { type: "string" }, settings: { type: "string" }, "base-url": { type: "string" } },
    }),
  );
  const config = positionals[0];
  if (!config || values.players === undefined) throw new InvalidInputError(USAGE);
  if (!/^\d+$/.test(values.players)) throw new InvalidInputError(`--players must be a whole number, not "${values.players}"`);
  await migrateDatabase();
  const created = await createSession(
    db(),
    {
      config,
      players: Number(values.players),
      name: values.name,
      settings: values.settings === undefined ? undefined : parseJsonObject(values.settings),
    },
    { byKind: "system", byName: "cli" },
  );
  const base = (values["base-url"] ?? `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`).replace(/\/$/, "");
  console.log(`Session ${created.name} (${config}, ${created.players.length} players):`);
  for (const p of created.players) console.log(`${base}/p/${created.name}/${p.name}/`);
}

/** Prints the hash of the password on stdin, so the environment need not hold it in clear text. */
async function hashPasswordCommand() {
  const { hashPassword, MIN_PASSWORD_LENGTH } = await import("../auth/passwords.ts");
  if (process.stdin.isTTY) process.stderr.write("Password (then Enter; it is not shown): ");
  const password = await readPasswordLine();
  if (password.length < MIN_PASSWORD_LENGTH) throw new InvalidInputError(`A password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  console.log(await hashPassword(password));
}

function readPasswordLine(): Promise<string> {
  return new Promise((resolve) => {
    let input = "";
    if (process.stdin.isTTY) process.stdin.setRawMode(true);
    process.stdin.setEncoding("utf8");
    const done = () => {
      if (process.stdin.isTTY) {
        process.stdin.setRawMode(false);
        process.stderr.write("\n");
      }
      process.stdin.pause();
      resolve(input);
    };
    process.stdin.on("data", (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\n" || ch === "\r") return done();
        if (ch === "\u0003") process.exit(130); // Ctrl-C in raw mode
        if (ch === "\u007f") {
          input = input.slice(0, -1); // Backspace
          continue;
        }
        input += ch;
      }
    });
    process.stdin.on("end", done);
  });
}

/** The --file option of dump and restore; anything else is a mistake shown with the usage. */
function fileOption(args: string[]): { file?: string } {
  return parseOptions(() => parseArgs({ args, options: { file: { type: "string" } } }).values);
}

/**
 * Writes a dump of the database to stdout, or to a file: first to a temporary file beside it,
 * then renamed, so F is never a half-written dump (a failed dump leaves the old F as it was).
 */
async function dumpCommand(args: string[]) {
  const values = fileOption(args);
  const { writeDump } = await import("../data/dump.ts");
  const file = describeDatabase();
  if (engineOf() === "sqlite" && !fs.existsSync(file)) throw new InvalidInputError(`There is no database at ${file} (DATABASE_URL) to dump`);
  // A dump reads; it never changes the schema under a server that may still be running on it.
  await refuseIfBehind(file, "dump");
  if (values.file === undefined) {
    // A reader that goes away (`| head`) fails the pending write, which ends the dump; the
    // stream's own error event must not also crash the process.
    process.stdout.on("error", () => undefined);
    const summary = await writeDump(db(), writeToStdout);
    console.error(`Dumped ${summary.rows} rows of ${file}`);
    return;
  }
  const target = path.resolve(values.file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(6).toString("hex")}.tmp`);
  const handle = await fs.promises.open(temp, "wx").catch((e: NodeJS.ErrnoException) => {
    throw new InvalidInputError(`Cannot write to ${path.dirname(target)}: ${e.code ?? e.message}`);
  });
  try {
    const summary = await writeDump(db(), async (chunk) => {
      await handle.write(chunk);
    });
    await handle.sync(); // on disk before the rename makes it the dump
    await handle.close();
    await fs.promises.rename(temp, target);
    console.log(`Dumped ${summary.rows} rows of ${file} to ${target}`);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
    throw e;
  }
}

/** Writes to stdout a chunk at a time: each waits until the one before is handed to the OS, so memory stays flat. */
function writeToStdout(chunk: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(chunk, (e) => (e ? reject(e) : resolve())));
}

/** Brings DATABASE_URL's database to the latest migration (under a lock on PostgreSQL: safe beside starting servers). */
async function migrateCommand(args: string[]) {
  parseOptions(() => parseArgs({ args, options: {} }));
  const applied = await migrateDatabase();
  console.log(applied.length > 0 ? `Applied ${applied.length} migration(s) to ${describeDatabase()}: ${applied.join(", ")}` : `${describeDatabase()} is up to date`);
}

/** Refuses a database that is not on the latest migration (start the server once to migrate it). */
async function refuseIfBehind(file: string, what: string) {
  const pending = await pendingDatabaseMigrations();
  if (pending.length > 0) {
    throw new InvalidInputError(`The database at ${file} is ${pending.length} migration(s) behind this version of Sprout (${pending.join(", ")}); run npm run sprout -- migrate (or start the server once), then ${what} again`);
  }
}

/**
 * Restores a dump into DATABASE_URL's database: a new file is created and migrated first; an
 * existing one must be on the latest migration (it is never migrated here, so a refused
 * restore leaves it exactly as it was). A file this command created is removed again on refusal.
 */
async function restoreCommand(args: string[]) {
  const values = fileOption(args);
  if (values.file === undefined) throw new InvalidInputError(USAGE);
  const source = path.resolve(values.file);
  if (!fs.existsSync(source)) throw new InvalidInputError(`There is no file ${source} to restore`);
  const { restoreDump } = await import("../data/dump.ts");
  const file = describeDatabase();
  // A new SQLite file, or a PostgreSQL database with no tables yet: made and migrated here.
  const sqliteFile = engineOf() === "sqlite" ? sqlitePath() : null;
  const created = await databaseIsNew();
  if (created) await migrateDatabase();
  else await refuseIfBehind(file, "restore");
  const input = fs.createReadStream(source, { encoding: "utf8" });
  try {
    const summary = await restoreDump(db(), readline.createInterface({ input, crlfDelay: Infinity }));
    console.log(`Restored ${summary.rows} rows from ${source} into ${file} (migration ${summary.migration})`);
  } catch (e) {
    if (created && sqliteFile) {
      await db().$disconnect();
      for (const f of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) fs.rmSync(f, { force: true });
    }
    throw e;
  } finally {
    input.destroy();
  }
}

/** Admin API tokens: made, revoked and listed as "cli" in the audit log. */
async function tokenCommand(command: string | undefined, args: string[]) {
  const { values, positionals } = parseOptions(() => parseArgs({ args, allowPositionals: true, options: { "read-only": { type: "boolean" } } }));
  const tokens = await import("../api/tokens.ts");
  if (command === "list") {
    if (positionals.length > 0 || values["read-only"]) throw new InvalidInputError("token list takes no arguments");
    await migrateDatabase();
    const list = await tokens.listApiTokens(db());
    if (list.length === 0) return void console.log("No API tokens.");
    for (const t of list) {
      const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : `last used ${t.lastUsedAt?.toISOString() ?? "never"}`;
      console.log(`${t.name}\t${t.scope}\tcreated ${t.createdAt.toISOString()} by ${t.createdBy}\t${state}`);
    }
    return;
  }
  if (command !== "create" && command !== "revoke") throw new InvalidInputError(`token takes create, revoke or list, not ${command === undefined ? "nothing" : `"${command}"`} (npm run sprout -- --help)`);
  if (positionals.length !== 1) throw new InvalidInputError(`token ${command} takes one NAME: npm run sprout -- token ${command} NAME${command === "create" ? " [--read-only]" : ""}`);
  if (command === "revoke" && values["read-only"]) throw new InvalidInputError("--read-only is for token create");
  await migrateDatabase();
  if (command === "revoke") {
    await tokens.revokeApiToken(db(), positionals[0]!, "cli");
    return void console.log(`Token ${positionals[0]} revoked.`);
  }
  const made = await tokens.createApiToken(db(), { name: positionals[0], scope: values["read-only"] ? "read" : "full", by: "cli" });
  console.error(`Token ${made.name} (${made.scope === "read" ? "read-only" : "full access"}); it is shown only now:`);
  console.log(made.token);
}

/** Calls the admin API and prints its answer; an error status exits with 1 (after printing it). */
async function apiCommand(args: string[]) {
  const { values, positionals } = parseOptions(() =>
    parseArgs({ args, allowPositionals: true, options: { url: { type: "string", short: "u" }, method: { type: "string", short: "X" }, data: { type: "string", short: "d" } } }),
  );
  const { apiRequest } = await import("./api-client.ts");
  const answer = await apiRequest({
    base: values.url ?? `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`,
    method: values.method ?? "GET",
    data: values.data,
    endpoints: positionals,
    token: process.env.SPROUT_API_TOKEN,
  });
  console.log(answer.text);
  if (!answer.ok) process.exitCode = 1;
}

/** Options as parseArgs reads them; a mistake in them is a refusal with the usage, not a stack trace. */
function parseOptions<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new InvalidInputError(`${e instanceof Error ? e.message.split(". ")[0] : String(e)}\n${USAGE}`);
  }
}

async function main(argv: string[]) {
  // Asked for help, anywhere on the line: the usage, and success.
  if (argv.length === 0 || argv.some((a) => a === "--help" || a === "-h" || a === "help")) return void console.log(USAGE);
  const [group, command, ...rest] = argv;
  if (group === "hash-password") return hashPasswordCommand();
  if (group === "dump") return dumpCommand(argv.slice(1));
  if (group === "restore") return restoreCommand(argv.slice(1));
  if (group === "migrate") return migrateCommand(argv.slice(1));
  if (group === "session" && command === "create") return sessionCreate(rest);
  if (group === "token") return tokenCommand(command, rest);
  if (group === "api") return apiCommand(argv.slice(1));
  if (group === "new") return (await import("./new-app.ts")).newAppCommand(argv.slice(1), process.cwd());
  if (group === "test") return (await import("./test-command.ts")).testCommand(argv.slice(1));
  throw new InvalidInputError(USAGE);
}

main(process.argv.slice(2))
  .then(() => db().$disconnect())
  .catch(async (e) => {
    // One line, never a stack: the researcher needs what went wrong, not where in Sprout.
    console.error(isExpectedError(e) ? e.message : `Failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    await db().$disconnect();
    process.exit(isExpectedError(e) ? 2 : 1);
  });
