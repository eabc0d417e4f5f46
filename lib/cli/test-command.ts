import { parseArgs } from "node:util";
import { casesOf, formatResult, formatSummary, runBotTests } from "../bots/cases.ts";
import { InvalidInputError } from "../errors.ts";
import { createDb } from "../store/db.ts";
import { createThrowawayDatabase, parseDatabaseOption } from "./throwaway-database.ts";
import { startThrowawayServer } from "./throwaway-server.ts";

export const TEST_USAGE = "npm run sprout -- test CONFIG [-n PLAYERS] [--case NAME] [--database sqlite|postgresql://SERVER]   (plays the apps' bot tests on a throwaway server and database)";

/**
 * `sprout test CONFIG`: the config's bot tests (each app's `tests`, or one random play-through
 * for an app without) against a throwaway server and database. Prints a line per case and the
 * count; exits 1 when a case failed (its message, and the server's errors, say why). The
 * database is a SQLite file, or with `--database postgresql://...` (or SPROUT_TEST_DATABASE) a
 * database of its own on that PostgreSQL server; either is removed afterwards.
 */
export async function testCommand(args: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { players: { type: "string", short: "n" }, case: { type: "string" }, database: { type: "string" } } });
  } catch (e) {
    throw new InvalidInputError(`${e instanceof Error ? e.message.split(". ")[0] : String(e)}\nusage: ${TEST_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new InvalidInputError(`usage: ${TEST_USAGE}`);
  const config = positionals[0]!;
  if (values.players !== undefined && !/^[1-9]\d{0,3}$/.test(values.players)) throw new InvalidInputError(`-n takes a number of players from 1 to 9999, not "${values.players}"`);
  const players = values.players === undefined ? undefined : Number(values.players);
  const database = parseDatabaseOption(values.database ?? (process.env.SPROUT_TEST_DATABASE || undefined));
  // Unknown configs and cases are refused before anything is built or started.
  await casesOf(config, values.case);

  const throwaway = await createThrowawayDatabase(database);
  let server;
  try {
    server = await startThrowawayServer(throwaway.url);
  } catch (e) {
    await throwaway.drop();
    throw e;
  }
  const db = createDb(server.databaseUrl);
  try {
    console.log(`Bot tests of ${config} (${throwaway.where}):`);
    const results = await runBotTests(db, server.url, config, { players, only: values.case, onResult: (r) => console.log(formatResult(r)) });
    const failed = results.some((r) => r.failure !== null);
    const errors = server.errors();
    if (failed && errors.length > 0) {
      console.log(`\nThe server's errors:`);
      for (const e of errors.slice(0, 5)) console.log(e.split("\n").slice(0, 14).join("\n"));
    }
    console.log(formatSummary(results));
    if (failed) process.exitCode = 1;
  } finally {
    await db.$disconnect();
    await server.stop();
    await throwaway.drop();
  }
}
