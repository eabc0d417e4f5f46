import { z } from "zod";
import { ConflictError, InvalidInputError } from "../errors.ts";
import type { Db } from "../store/db.ts";
import type { FieldWriteInput, Provenance } from "../store/field-log.ts";
import { recordAudit } from "../store/audit.ts";
import { recordWrites } from "../store/field-log.ts";
import { jsonProblem } from "../store/json.ts";
import { nameProblem, newPlayerName, newSecret, newSessionName } from "./names.ts";
import { getConfig } from "./project.ts";

export const MAX_PLAYERS = 10_000;

export const ZCreateSession = z.object({
  config: z.string().min(1, "Choose a config"),
  players: z
    .number({ error: "Number of players must be a whole number" })
    .int("Number of players must be a whole number")
    .min(1, "A session needs at least 1 player")
    .max(MAX_PLAYERS, `At most ${MAX_PLAYERS} players per session`),
  name: z.string().trim().optional(),
  playerNames: z.array(z.string().trim()).optional(),
  /** Replaces the config's default settings when given. */
  settings: z.record(z.string(), z.unknown()).optional(),
  description: z.string().max(10_000).optional(),
  testing: z.boolean().optional(),
});
export type TCreateSession = z.input<typeof ZCreateSession>;

export interface CreatedSession {
  id: number;
  name: string;
  secret: string;
  players: { id: number; name: string }[];
}

/** Checks a request to create a session; every problem is reported, keyed by form field. */
function checkCreate(input: TCreateSession) {
  const parsed = ZCreateSession.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    throw new InvalidInputError(parsed.error.issues[0]?.message ?? "Invalid session", fieldErrors);
  }
  const data = parsed.data;
  const fail = (field: string, message: string) => {
    throw new InvalidInputError(message, { [field]: [message] });
  };
  let config;
  try {
    config = getConfig(data.config);
  } catch (e) {
    return fail("config", (e as Error).message);
  }
  if (data.name) {
    const problem = nameProblem(data.name, "Session name");
    if (problem) fail("name", problem);
  }
  const playerNames = data.playerNames?.filter((n) => n !== "");
  if (playerNames && playerNames.length > 0) {
    if (playerNames.length !== data.players)
      fail("playerNames", `${playerNames.length} player names were given for ${data.players} players: give one name per player`);
    const seen = new Set<string>();
    for (const n of playerNames) {
      const problem = nameProblem(n, "Player name");
      if (problem) fail("playerNames", problem);
      if (seen.has(n)) fail("playerNames", `Player name "${n}" is given twice`);
      seen.add(n);
    }
  }
  const settings = data.settings ?? config.settings ?? {};
  const problem = jsonProblem(settings, "settings");
  if (problem) fail("settings", problem);
  return { data, config, playerNames: playerNames?.length ? playerNames : undefined, settings };
}

/** Creates a session of `players` player slots; nobody is initialized until they start. */
export async function createSession(db: Db, input: TCreateSession, by: Provenance): Promise<CreatedSession> {
  const { data, config, playerNames, settings } = checkCreate(input);
  const apps = config.apps.map((a) => a.name);
  const names = playerNames ?? Array.from({ length: data.players }, newPlayerName);
  // A generated session name can collide; retry a few times. A custom one cannot be retried.
  for (let attempt = 0; ; attempt++) {
    const name = data.name || newSessionName();
    try {
      return await db.$transaction(async (tx) => {
        const session = await tx.session.create({
          data: {
            name,
            config: data.config,
            apps: JSON.stringify(apps),
            settings: JSON.stringify(settings),
            description: data.description ?? "",
            testing: data.testing ?? false,
            secret: newSecret(),
          },
        });
        await tx.player.createMany({ data: names.map((pname, index) => ({ sessionId: session.id, name: pname, index })) });
        const players = await tx.player.findMany({ where: { sessionId: session.id }, orderBy: { index: "asc" }, select: { id: true, name: true } });
        const owner = { kind: "session" as const, id: session.id, sessionId: session.id };
        const initial: Record<string, unknown> = { config: data.config, apps, settings, description: session.description, active: true, testing: session.testing };
        const writes: FieldWriteInput[] = Object.entries(initial).map(([key, value]) => ({ owner, key, value, context: {}, provenance: by }));
        await recordWrites(tx, writes);
        if (by.byKind === "admin" && by.byName) {
          await recordAudit(tx, { admin: by.byName, action: "session.create", session: session.name, detail: { config: data.config, players: names.length } });
        }
        return { id: session.id, name: session.name, secret: session.secret, players };
      });
    } catch (e) {
      if ((e as { code?: string }).code !== "P2002") throw e;
      if (data.name) throw new ConflictError(`A session named "${data.name}" already exists`);
      if (attempt >= 4) throw e;
    }
  }
}
