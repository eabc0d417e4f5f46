import { z } from "zod";
import { ConflictError, InvalidInputError } from "../../errors.ts";
import type { Db, Tx } from "../../store/db.ts";
import type { FieldWriteInput, Provenance } from "../../store/field-log.ts";
import { recordAudit } from "../../store/audit.ts";
import { recordWrites } from "../../store/field-log.ts";
import { jsonProblem, type JsonValue } from "../../store/json.ts";
import { nameProblem, newPlayerName, newSecret, newSessionName } from "../core/names.ts";
import { getConfig } from "../../project.ts";
import { currentCodeVersion } from "../../code-version.ts";
import { codeVersionColumn, sessionAppsColumn, sessionSettingsColumn } from "../../store/columns.ts";

export const MAX_PLAYERS = 10_000;

export const ZCreateSession = z.object({
  config: z.string().min(1, "Choose a config"),
  players: z
    .number({ error: "Number of players must be a whole number" })
    .int("Number of players must be a whole number")
    .min(0, "Number of players must be a whole number")
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

/**
 * Checks a request to create a session; every problem is reported, keyed by form field. A
 * room's session may start empty (its participants add themselves); any other needs a player.
 */
export function checkCreate(input: TCreateSession, minPlayers = 1) {
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
  if (data.players < minPlayers) fail("players", `A session needs at least ${minPlayers} player`);
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
  return { data, config, playerNames: playerNames?.length ? playerNames : undefined, settings: settings as Record<string, JsonValue> };
}

export type CheckedSession = ReturnType<typeof checkCreate>;

/**
 * Inserts a checked session inside the caller's transaction (a room creates one in its join).
 * `labels[i]`, when given, is player i's label (a room pre-assigns slots to waiting labels).
 */
export async function insertSession(tx: Tx, checked: CheckedSession, name: string, by: Provenance, extra: { room?: string; labels?: readonly string[] } = {}): Promise<CreatedSession> {
  const { data, config, playerNames, settings } = checked;
  const apps = config.apps.map((a) => a.name);
  const names = playerNames ?? Array.from({ length: data.players }, newPlayerName);
  const code = currentCodeVersion();
  const session = await tx.session.create({
    data: {
      name,
      config: data.config,
      apps: sessionAppsColumn.write(apps),
      settings: sessionSettingsColumn.write(settings),
      description: data.description ?? "",
      testing: data.testing ?? false,
      secret: newSecret(),
      room: extra.room ?? null,
      codeVersion: codeVersionColumn.write(code),
    },
  });
  if (names.length > 0) {
    await tx.player.createMany({ data: names.map((pname, index) => ({ sessionId: session.id, name: pname, index, label: extra.labels?.[index] ?? "" })) });
  }
  const players = await tx.player.findMany({ where: { sessionId: session.id }, orderBy: { index: "asc" }, select: { id: true, name: true } });
  const owner = { kind: "session" as const, id: session.id, sessionId: session.id };
  // The code version goes in the log too, so every export of the session carries it.
  const initial: Record<string, unknown> = { config: data.config, apps, settings, description: session.description, active: true, testing: session.testing, codeVersion: code };
  if (extra.room) initial.room = extra.room;
  const writes: FieldWriteInput[] = Object.entries(initial).map(([key, value]) => ({ owner, key, value, context: {}, provenance: by }));
  extra.labels?.forEach((label, i) => {
    if (label && players[i]) writes.push({ owner: { kind: "player", id: players[i].id, sessionId: session.id }, key: "label", value: label, context: {}, provenance: by });
  });
  await recordWrites(tx, writes);
  if (by.byKind === "admin" && by.byName) {
    await recordAudit(tx, { admin: by.byName, action: "session.create", session: session.name, detail: { config: data.config, players: names.length, ...(extra.room ? { room: extra.room } : {}) } });
  }
  return { id: session.id, name: session.name, secret: session.secret, players };
}

/** The fields of the unique constraint a write broke, or null for any other error (the shape differs by driver). */
export function uniqueViolationOf(e: unknown): string[] | null {
  const err = e as { code?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: { table?: string; constraint?: { fields?: unknown; index?: unknown } } } } };
  if (err?.code !== "P2002") return null;
  const cause = err.meta?.driverAdapterError?.cause;
  // PostgreSQL names the index ("Player_sessionId_name_key"), SQLite the fields.
  const index = cause?.constraint?.index;
  if (typeof index === "string") return index.replace(`${cause?.table ?? ""}_`, "").replace(/_key$/, "").split("_");
  const fields = cause?.constraint?.fields ?? err.meta?.target;
  return Array.isArray(fields) ? fields.map(String) : [String(fields ?? "")];
}

/**
 * Runs `insert` with a fresh generated session name (or the custom one), retrying a few times
 * when a generated name is taken. A custom name cannot be retried: it is a clear 409.
 */
export async function withSessionName<T>(custom: string | undefined, insert: (name: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await insert(custom || newSessionName());
    } catch (e) {
      if (!uniqueViolationOf(e)?.includes("name")) throw e;
      if (custom) throw new ConflictError(`A session named "${custom}" already exists`);
      if (attempt >= 4) throw e;
    }
  }
}

/** Creates a session of `players` player slots; nobody is initialized until they start. */
export async function createSession(db: Db, input: TCreateSession, by: Provenance): Promise<CreatedSession> {
  const checked = checkCreate(input);
  return withSessionName(checked.data.name, (name) => db.$transaction((tx) => insertSession(tx, checked, name, by)));
}
