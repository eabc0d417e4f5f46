/**
 * The sprout command line: `npm run sprout -- <command>`.
 *
 *   session create <config> --players N [--name NAME] [--settings JSON] [--base-url URL]
 *   hash-password   (reads a password on stdin, prints its hash for SPROUT_ADMIN_PASSWORD_<NAME>)
 */
import { parseArgs } from "node:util";
import { env, sqlitePath } from "../env.ts";
import { isExpectedError, InvalidInputError } from "../errors.ts";
import { db } from "../store/db.ts";
import { parseJsonObject } from "../store/json.ts";
import { applyMigrations } from "../store/migrate.ts";

// Loaded on its own, so a mistake in an app is reported in one line (app, page, field).
const project = await import("../engine/project.ts").catch((e: unknown) => {
  console.error(`Sprout cannot load the project: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
const { createSession } = await import("../engine/sessions.ts");

const USAGE = `usage:
  npm run sprout -- session create <config> --players N [--name NAME] [--settings JSON] [--base-url URL]
  npm run sprout -- hash-password < password.txt

configs: ${project.listConfigs().map(([n]) => n).join(", ")}`;

async function sessionCreate(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { players: { type: "string" }, name: { type: "string" }, settings: { type: "string" }, "base-url": { type: "string" } },
  });
  const config = positionals[0];
  if (!config || values.players === undefined) throw new InvalidInputError(USAGE);
  if (!/^\d+$/.test(values.players)) throw new InvalidInputError(`--players must be a whole number, not "${values.players}"`);
  applyMigrations(sqlitePath());
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

async function main(argv: string[]) {
  const [group, command, ...rest] = argv;
  if (group === "hash-password") return hashPasswordCommand();
  if (group === "session" && command === "create") return sessionCreate(rest);
  throw new InvalidInputError(USAGE);
}

main(process.argv.slice(2))
  .then(() => db().$disconnect())
  .catch(async (e) => {
    console.error(isExpectedError(e) ? e.message : e);
    await db().$disconnect();
    process.exit(isExpectedError(e) ? 2 : 1);
  });
