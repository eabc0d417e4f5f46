import { z } from "zod";
import { ConflictError, InvalidInputError, NotFoundError } from "../../errors.ts";
import type { JsonValue } from "../../experiment/index.ts";
import { RESERVED_FIELD_NAMES } from "../../experiment/index.ts";
import { entryAt, pagesOf } from "../../experiment/page-order.ts";
import { recordAudit } from "../../store/audit.ts";
import type { Db, Tx } from "../../store/db.ts";
import { adminBy, type WriteContext } from "../../store/field-log.ts";
import { jsonProblem } from "../../store/json.ts";
import type { News } from "../../store/outbox.ts";
import { createGroup, membersOf } from "../core/groups.ts";
import { playerApi, sessionApi } from "../core/handles.ts";
import { WriteBuffer } from "../core/write-buffer.ts";
import type { PlayerWithSession } from "../core/hook-context.ts";
import { runHook } from "../core/hook-error.ts";
import { land, moveTo } from "../participant/move.ts";
import { beginMove, LostRace, type Move } from "../participant/move-state.ts";
import { orderOf, pageAt } from "../core/position.ts";
import { transact } from "../participant/transact.ts";
import { getConfig } from "../../project.ts";
import { parseSignal, signalPush, type Signal } from "./signals.ts";
import { recheckWaits } from "../participant/recheck-waits.ts";
import { shuffled } from "../core/shuffle.ts";
import { applyDropoutPolicy } from "../standin/policy.ts";
import { runDropoutHandler } from "../participant/dropout.ts";
import { groupMembersColumn } from "../../store/columns.ts";

// The admin's player actions. Each takes plain arguments (session name, player names, the
// action's own parameters) so the admin pages, a REST API and the CLI share them; each runs
// in one transaction with an audit entry, and says what it did in one sentence. Its news
// (moved players' tabs, the monitor's rows, the session's admin tabs) goes out after commit.

export interface ActionResult {
  /** how many of the chosen players the action changed */
  changed: number;
  message: string;
}

const MAX_PLAYERS_PER_ACTION = 10_000;
const ZNames = z.array(z.string().min(1).max(64)).max(MAX_PLAYERS_PER_ACTION);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The chosen players, in the order given; every name must belong to the session (chat.ts chooses the same way). */
export async function choosePlayers(tx: Tx, sname: string, names: readonly string[]): Promise<PlayerWithSession[]> {
  const parsed = ZNames.safeParse(names);
  if (!parsed.success) throw new InvalidInputError("Players are given by their names");
  const unique = [...new Set(parsed.data)];
  if (unique.length === 0) throw new InvalidInputError("No players selected: choose at least one player");
  const session = await tx.session.findUnique({ where: { name: sname }, select: { id: true } });
  if (!session) throw new NotFoundError(`There is no session "${sname}"`);
  const rows = await tx.player.findMany({ where: { sessionId: session.id, name: { in: unique } }, include: { session: true } });
  const byName = new Map(rows.map((r) => [r.name, r]));
  const missing = unique.filter((n) => !byName.has(n));
  if (missing.length > 0) throw new NotFoundError(`Session "${sname}" has no player ${missing.slice(0, 5).map((n) => `"${n}"`).join(", ")}${missing.length > 5 ? ", ..." : ""}`);
  return unique.map((n) => byName.get(n)!);
}

/** Runs an action over the chosen players in one transaction, with its audit entry; its outbox goes out after commit. */
async function act(
  db: Db,
  admin: string,
  sname: string,
  names: readonly string[],
  action: string,
  detail: Record<string, unknown>,
  work: (tx: Tx, players: PlayerWithSession[], outbox: News[]) => Promise<ActionResult>,
): Promise<ActionResult> {
  return transact(db, async (tx, outbox) => {
    const players = await choosePlayers(tx, sname, names);
    const result = await work(tx, players, outbox);
    await recordAudit(tx, { admin, action, session: sname, detail: { ...detail, players: players.map((p) => p.name), changed: result.changed } });
    // The monitor updates those rows (deltas); every admin tab of the session re-reads the rest (activity).
    outbox.push({ to: { players: players.map((p) => p.id) }, event: "monitor:changed" }, { event: "session:changed", sname });
    return result;
  });
}

/** Where a player is, as the field log records it: app, position and round (app null before the start and at the end). */
function contextOf(p: PlayerWithSession, order: readonly string[]): WriteContext & { app: string | null } {
  const entry = entryAt(order, p.position);
  return { app: entry?.app ?? null, position: p.position, round: entry?.round ?? null };
}

function requireActive(players: PlayerWithSession[]) {
  if (players[0] && !players[0].session.active) throw new ConflictError("The session is paused: resume it before moving players or marking dropouts");
}

/** The player's row as it is now in this transaction (an earlier player's move may have released them). */
const fresh = (tx: Tx, p: PlayerWithSession) => tx.player.findUniqueOrThrow({ where: { id: p.id }, include: { session: true } });

/** Moves one player inside the action's transaction; the page re-renders in every open tab. */
async function movePlayer(tx: Tx, outbox: News[], chosen: PlayerWithSession, admin: string, to: (move: Move, order: readonly string[], p: PlayerWithSession) => Promise<number | null>): Promise<boolean> {
  const p = await fresh(tx, chosen);
  const order = orderOf(p);
  const move = beginMove(tx, p, order, adminBy(admin), outbox);
  const target = await to(move, order, p);
  // Released meanwhile by an earlier player's move in this action: that counts as moved.
  if (target === null || target === p.position) return p.position !== chosen.position;
  try {
    await moveTo(move, p.position, target, "admin", new Date());
  } catch (e) {
    if (e instanceof LostRace) throw new ConflictError(`Player "${p.name}" moved meanwhile; nothing was changed. Please try again.`);
    throw e;
  }
  outbox.push({ to: { players: [p.id] }, event: "page:refresh" });
  return true;
}

/** Advance: each started player who is not at the end goes to the next page that would be shown (hooks of the page left do not run). */
export function advancePlayers(db: Db, admin: string, sname: string, names: readonly string[]): Promise<ActionResult> {
  return act(db, admin, sname, names, "players.advance", {}, async (tx, players, outbox) => {
    requireActive(players);
    let changed = 0;
    for (const p of players) {
      if (await movePlayer(tx, outbox, p, admin, async (move, order, now) => (now.position === p.position && now.position >= 0 && now.position < order.length ? land(move, now.position) : null))) changed++;
    }
    return { changed, message: `Advanced ${plural(changed, "player")}${changed < players.length ? ` (${players.length - changed} had not started or were at the end)` : ""}.` };
  });
}

/**
 * Revert: each player goes back to the nearest earlier page (not a logic step, not a wait
 * page: there is nothing to redo on one, and sitting on it again could strand them), or stays.
 */
export function revertPlayers(db: Db, admin: string, sname: string, names: readonly string[]): Promise<ActionResult> {
  return act(db, admin, sname, names, "players.revert", {}, async (tx, players, outbox) => {
    requireActive(players);
    let changed = 0;
    for (const p of players) {
      const back = async (_move: Move, order: readonly string[], now: PlayerWithSession) => {
        if (now.position !== p.position) return null;
        for (let pos = Math.min(now.position, order.length) - 1; pos >= 0; pos--) {
          const page = pageAt(order, pos);
          if (page && !page.page.wait) return pos;
        }
        return null;
      };
      if (await movePlayer(tx, outbox, p, admin, back)) changed++;
    }
    return { changed, message: `Moved ${plural(changed, "player")} back one page${changed < players.length ? ` (${players.length - changed} had no earlier page)` : ""}.` };
  });
}

/** Move to end: the study ends for each player (no hooks run); started or not. */
export function movePlayersToEnd(db: Db, admin: string, sname: string, names: readonly string[]): Promise<ActionResult> {
  return act(db, admin, sname, names, "players.moveToEnd", {}, async (tx, players, outbox) => {
    requireActive(players);
    let changed = 0;
    for (const p of players) {
      if (await movePlayer(tx, outbox, p, admin, async (_move, order, now) => (now.position < order.length ? order.length : null))) changed++;
    }
    // Those waiting for these players on a sync page no longer wait.
    await recheckWaits(tx, outbox, players[0]!.sessionId, adminBy(admin));
    return { changed, message: `Moved ${plural(changed, "player")} to the end${changed < players.length ? ` (${players.length - changed} were there already)` : ""}.` };
  });
}

/** Reload, message or redirect: sent to every open tab of the players; audited, nothing else stored. */
export async function signalChosenPlayers(db: Db, admin: string, sname: string, names: readonly string[], signal: Signal): Promise<ActionResult> {
  const valid = parseSignal(signal);
  const detail = valid.kind === "message" ? { text: valid.text } : valid.kind === "redirect" ? { url: valid.url } : {};
  return act(db, admin, sname, names, `players.${valid.kind}`, detail, async (_tx, players, outbox) => {
    outbox.push(signalPush(players.map((p) => p.id), valid));
    const what = valid.kind === "reload" ? "Reloaded the pages of" : valid.kind === "message" ? "Sent the message to" : "Redirected";
    return { changed: players.length, message: `${what} ${plural(players.length, "player")} (whoever has the study open gets it at once).` };
  });
}

/** Mark as dropout: each player is flagged, their dropout handlers run, and their group's wait pages stop waiting for them. */
export function markDropouts(db: Db, admin: string, sname: string, names: readonly string[]): Promise<ActionResult> {
  return act(db, admin, sname, names, "players.markDropout", {}, async (tx, players, outbox) => {
    requireActive(players);
    let changed = 0;
    const now = new Date();
    for (const chosen of players) {
      const p = await fresh(tx, chosen);
      if (p.dropout) continue;
      const order = orderOf(p);
      const move = beginMove(tx, p, order, adminBy(admin), outbox);
      await tx.player.update({ where: { id: p.id }, data: { dropout: true } });
      const context = contextOf(p, order);
      move.buffer.add({ owner: move.owner, key: "dropout", value: true, context, provenance: move.by });
      const watches = await tx.dropoutWatch.findMany({ where: { playerId: p.id, firedAt: null } });
      await tx.dropoutWatch.updateMany({ where: { playerId: p.id, firedAt: null }, data: { firedAt: now } });
      if (context.app !== null) for (const w of watches) await runDropoutHandler(move, w);
      await applyDropoutPolicy(move);
      await move.buffer.flush(tx);
      changed++;
    }
    // Sync pages no longer wait for dropouts.
    await recheckWaits(tx, outbox, players[0]!.sessionId, adminBy(admin));
    return { changed, message: `Marked ${plural(changed, "player")} as dropouts${changed < players.length ? ` (${players.length - changed} were already)` : ""}.` };
  });
}

/** How far one Adjust time moves a deadline: a day either way. */
const MAX_ADJUST_S = 86_400;
const ZAdjust = z
  .number({ error: "Give the seconds as a number" })
  .int("Give a whole number of seconds")
  .min(-MAX_ADJUST_S, `At most ${MAX_ADJUST_S} seconds either way`)
  .max(MAX_ADJUST_S, `At most ${MAX_ADJUST_S} seconds either way`)
  .refine((s) => s !== 0, "Give a number of seconds other than 0");

/**
 * Adjust time: moves the deadline of each player's current page by `seconds` (earlier when
 * negative; a deadline moved into the past fires at the next sweep). A page without a
 * deadline gets one, `seconds` from now (when positive). Players not on a page (not started,
 * at the end, on a wait page) are left alone. Their countdowns follow at once (page refresh).
 */
export function adjustDeadlines(db: Db, admin: string, sname: string, names: readonly string[], seconds: number): Promise<ActionResult> {
  const parsed = ZAdjust.safeParse(seconds);
  if (!parsed.success) throw new InvalidInputError(parsed.error.issues[0]!.message);
  const by = parsed.data * 1000;
  return act(db, admin, sname, names, "players.adjustTimeout", { seconds: parsed.data }, async (tx, players, outbox) => {
    const now = Date.now();
    const moved: number[] = [];
    let created = 0;
    for (const p of players) {
      const order = orderOf(p);
      const page = pageAt(order, p.position);
      if (!page || page.page.wait) continue;
      const where = { playerId_position: { playerId: p.id, position: p.position } };
      const deadline = await tx.deadline.findUnique({ where });
      if (deadline && deadline.firedAt === null) {
        await tx.deadline.update({ where, data: { dueAt: new Date(deadline.dueAt.getTime() + by) } });
      } else if (by > 0) {
        const dueAt = new Date(now + by);
        await tx.deadline.upsert({ where, create: { sessionId: p.sessionId, playerId: p.id, position: p.position, entry: order[p.position]!, dueAt }, update: { dueAt, firedAt: null } });
        created++;
      } else continue;
      moved.push(p.id);
    }
    if (moved.length > 0) outbox.push({ to: { players: moved }, event: "page:refresh" });
    const skipped = players.length - moved.length;
    const what = parsed.data > 0 ? `${parsed.data} s more` : `${-parsed.data} s less`;
    return {
      changed: moved.length,
      message: `Gave ${plural(moved.length, "player")} ${what} on their page${created ? ` (${created} had no time limit: it now ends in ${parsed.data} s)` : ""}${skipped ? `; ${skipped} ${skipped === 1 ? "was" : "were"} not on a page with a time limit to change` : ""}.`,
    };
  });
}

const ZFields = z.record(z.string().min(1, "A field name is empty").max(100, "A field name has at most 100 characters"), z.unknown());

/** Set fields: writes each key of a JSON object on every chosen player, as this admin (the field log records it so). */
export async function setPlayerFields(db: Db, admin: string, sname: string, names: readonly string[], fields: unknown): Promise<ActionResult> {
  const parsed = ZFields.safeParse(fields);
  if (fields === null || typeof fields !== "object" || Array.isArray(fields)) throw new InvalidInputError("Fields must be a JSON object ({ \"name\": value, ... })");
  if (!parsed.success) throw new InvalidInputError(parsed.error.issues[0]!.message);
  const keys = Object.keys(parsed.data);
  if (keys.length === 0) throw new InvalidInputError("The object has no fields to set");
  const reserved = keys.filter((k) => RESERVED_FIELD_NAMES.has(k));
  if (reserved.length > 0) throw new InvalidInputError(`${reserved.map((k) => `"${k}"`).join(", ")} ${reserved.length === 1 ? "is" : "are"} kept by Sprout and cannot be set`);
  const problem = jsonProblem(parsed.data, "fields");
  if (problem) throw new InvalidInputError(problem);
  return act(db, admin, sname, names, "players.setFields", { fields: parsed.data }, async (tx, players) => {
    const buffer = new WriteBuffer();
    for (const p of players) {
      const context = contextOf(p, orderOf(p));
      for (const key of keys) buffer.add({ owner: { kind: "player", id: p.id, sessionId: p.sessionId }, key, value: parsed.data[key] as JsonValue, context, provenance: adminBy(admin) });
    }
    await buffer.flush(tx);
    return { changed: players.length, message: `Set ${plural(keys.length, "field")} on ${plural(players.length, "player")}.` };
  });
}

export type Grouping = { kind: "same" } | { kind: "bySize"; size: number; shuffle: boolean } | { kind: "reset" };

/** Group/ungroup: one group of all chosen players, groups of a size (in the order given, or shuffled), or no group. */
export async function groupPlayers(db: Db, admin: string, sname: string, names: readonly string[], grouping: Grouping): Promise<ActionResult> {
  if (grouping.kind === "bySize" && !(Number.isInteger(grouping.size) && grouping.size >= 1)) throw new InvalidInputError("The group size must be a whole number of at least 1");
  return act(db, admin, sname, names, `players.group.${grouping.kind}`, grouping.kind === "bySize" ? { size: grouping.size, shuffle: grouping.shuffle } : {}, async (tx, players, outbox) => {
    const scope = { db: tx, buffer: new WriteBuffer(), provenance: adminBy(admin), context: {} };
    const sessionId = players[0]!.sessionId;
    if (grouping.kind === "reset") {
      const grouped = players.filter((p) => p.groupId !== null);
      for (const p of grouped) {
        await tx.player.update({ where: { id: p.id }, data: { groupId: null, memberIndex: null } });
        for (const key of ["group", "memberIndex"]) scope.buffer.add({ owner: { kind: "player", id: p.id, sessionId }, key, value: null, context: {}, provenance: adminBy(admin) });
      }
      await leaveGroups(tx, grouped);
      await scope.buffer.flush(tx);
      outbox.push({ to: { players: grouped.map((p) => p.id) }, event: "page:refresh" });
      // Their former partners' sync pages stop waiting for them; a grouping page groups them anew.
      await recheckWaits(tx, outbox, sessionId, adminBy(admin));
      return { changed: grouped.length, message: `Removed ${plural(grouped.length, "player")} from their groups.` };
    }
    const size = grouping.kind === "same" ? players.length : grouping.size;
    if (players.length % size !== 0) throw new InvalidInputError(`${plural(players.length, "player")} cannot be split into groups of ${size}: choose a multiple of ${size}`);
    const ordered = grouping.kind === "bySize" && grouping.shuffle ? shuffled(players) : players;
    const names: string[] = [];
    for (let i = 0; i < ordered.length; i += size) {
      const members = ordered.slice(i, i + size);
      const app = groupingAppOf(members);
      // Regrouped within the same app: their old group's pages stop waiting for them.
      await leaveGroups(tx, members.filter((p) => p.groupId !== null), app);
      const group = await createGroup(scope, sessionId, members.map((p) => p.id), app);
      names.push(group.name);
    }
    await scope.buffer.flush(tx);
    outbox.push({ to: { players: players.map((p) => p.id) }, event: "page:refresh" });
    // The grouping wait page they are on takes the group as if it had formed it: they pass.
    await recheckWaits(tx, outbox, sessionId, adminBy(admin));
    return { changed: players.length, message: `Formed ${plural(names.length, "group")} (${names.join(", ")}).` };
  });
}

/**
 * The app an admin's group is made for: the app of the grouping wait page its members are on
 * or reach next (that page then takes the group as its own), else the app they are in.
 * Members bound for different apps' grouping pages cannot share a group.
 */
function groupingAppOf(members: readonly PlayerWithSession[]): string | null {
  const apps = new Set(members.map(nextGroupingApp));
  if (apps.size > 1) throw new InvalidInputError(`These players are headed for different apps (${[...apps].map((a) => a ?? "the end").join(", ")}): group players of the same app`);
  return [...apps][0] ?? null;
}

function nextGroupingApp(p: PlayerWithSession): string | null {
  if (p.position < 0) {
    // Not started: their page order is drawn at the start; the config's apps tell.
    const apps = getConfig(p.session.config).apps;
    const grouping = apps.find((app) => pagesOf(app).some((page) => page.kind === "page" && page.wait?.kind === "group"));
    return (grouping ?? apps[0])?.name ?? null;
  }
  const order = orderOf(p);
  for (let pos = p.position; pos < order.length; pos++) if (pageAt(order, pos)?.page.wait?.kind === "group") return entryAt(order, pos)!.app;
  return entryAt(order, p.position)?.app ?? null;
}

/**
 * Takes players off their groups' member lists (of groups for `app` only, when given: a group
 * of an earlier app keeps its history): those groups' sync pages no longer wait for them.
 */
async function leaveGroups(tx: Tx, players: readonly PlayerWithSession[], app?: string | null): Promise<void> {
  for (const groupId of new Set(players.map((p) => p.groupId!))) {
    const group = await tx.group.findUniqueOrThrow({ where: { id: groupId } });
    if (app !== undefined && group.app !== app) continue;
    const leaving = new Set(players.filter((p) => p.groupId === groupId).map((p) => p.id));
    await tx.group.update({ where: { id: groupId }, data: { members: groupMembersColumn.write(membersOf(group).filter((id) => !leaving.has(id))) } });
  }
}

/**
 * Run newPlayer: runs every app's newPlayer hook again for each chosen player who has
 * started (new values are written; the earlier ones stay in the log). Players who have not
 * started get it when they start. A hook that throws changes nothing.
 */
export function runNewPlayer(db: Db, admin: string, sname: string, names: readonly string[]): Promise<ActionResult> {
  return act(db, admin, sname, names, "players.runNewPlayer", {}, async (tx, players) => {
    const started = players.filter((p) => p.initialized);
    const buffer = new WriteBuffer();
    for (const p of started) {
      const config = getConfig(p.session.config);
      for (const app of config.apps) {
        if (!app.newPlayer) continue;
        const scope = { db: tx, buffer, provenance: { ...adminBy(admin), hook: "newPlayer" }, context: { app: app.name } };
        const session = sessionApi(scope, p.session);
        await runHook({ app: app.name, hook: "newPlayer" }, () => app.newPlayer!({ session, settings: session.settings, constants: app.constants, player: playerApi(scope, p) }));
      }
    }
    await buffer.flush(tx);
    const waiting = players.length - started.length;
    return { changed: started.length, message: `Ran newPlayer for ${plural(started.length, "player")}${waiting ? ` (${waiting} not started yet: it runs when they start)` : ""}.` };
  });
}
