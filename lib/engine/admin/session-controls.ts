import { z } from "zod";
import { InvalidInputError, NotFoundError } from "../../errors.ts";
import type { JsonValue } from "../../experiment/index.ts";
import { recordAudit } from "../../store/audit.ts";
import type { Db, Tx } from "../../store/db.ts";
import type { Owner } from "../../store/field-log.ts";
import { adminBy, recordWrites } from "../../store/field-log.ts";
import { jsonProblem } from "../../store/json.ts";
import { transaction, type News } from "../../store/outbox.ts";
import { sessionApi } from "../core/handles.ts";
import { WriteBuffer } from "../core/write-buffer.ts";
import { runHook } from "../core/hook-error.ts";
import { getConfig } from "../../project.ts";
import { sessionSettingsColumn } from "../../store/columns.ts";

// The session controls of the admin's session page. Each takes plain arguments (the admin
// pages, and later the REST API and CLI, call the same functions), runs in one transaction
// with its field-log write and audit entry; its news (the session's admin tabs re-read it,
// participants' tabs where it concerns them) goes out after commit, whoever called it.

const MAX_DESCRIPTION = 10_000;

const ZDescription = z.string({ error: "A description is text" }).max(MAX_DESCRIPTION, `A description has at most ${MAX_DESCRIPTION} characters`);
const ZSettings = z.record(z.string(), z.unknown(), { error: "Settings must be a JSON object" });

type SessionRow = NonNullable<Awaited<ReturnType<Tx["session"]["findUnique"]>>>;

async function findSession(tx: Tx, sname: string): Promise<SessionRow> {
  const session = await tx.session.findUnique({ where: { name: sname } });
  if (!session) throw new NotFoundError(`There is no session "${sname}"`);
  return session;
}

const sessionOwner = (s: SessionRow): Owner => ({ kind: "session", id: s.id, sessionId: s.id });

/** Changes one property of a session: its row, its field-log write and the audit entry, together; then its news. */
async function changeSession(
  db: Db,
  admin: string,
  sname: string,
  action: string,
  change: (s: SessionRow) => { data: Partial<Pick<SessionRow, "active" | "pausedAt" | "testing" | "description" | "settings">>; key: string; value: JsonValue },
  news: (s: SessionRow) => News[] = () => [],
  alsoInTransaction: (tx: Tx, s: SessionRow) => Promise<void> = async () => {},
) {
  return transaction(db, async (tx, outbox) => {
    const session = await findSession(tx, sname);
    const { data, key, value } = change(session);
    await alsoInTransaction(tx, session);
    const after = await tx.session.update({ where: { id: session.id }, data });
    await recordWrites(tx, [{ owner: sessionOwner(session), key, value, context: {}, provenance: adminBy(admin) }]);
    await recordAudit(tx, { admin, action, session: sname, detail: { [key]: value } });
    outbox.push(...news(session), { event: "session:changed", sname });
    return after;
  });
}

/**
 * Pauses (active = false) or resumes a session. Paused, participants see a paused page,
 * submissions and live calls are refused and deadlines wait; every open tab re-renders now.
 */
export async function setSessionActive(db: Db, admin: string, sname: string, active: boolean) {
  const now = new Date();
  return changeSession(
    db,
    admin,
    sname,
    active ? "session.resume" : "session.pause",
    // A second pause keeps the first one's start.
    (s) => ({ data: { active, pausedAt: active ? null : (s.pausedAt ?? now) }, key: "active", value: active }),
    (s) => [{ to: { session: s.id }, event: "page:refresh" }],
    async (tx, s) => {
      if (active && s.pausedAt) await postponeDeadlines(tx, s.id, now.getTime() - s.pausedAt.getTime());
    },
  );
}

/** Page timers wait while a session is paused: its unfired deadlines move on by the pause. */
async function postponeDeadlines(tx: Tx, sessionId: number, byMs: number) {
  if (byMs <= 0) return;
  const due = await tx.deadline.findMany({ where: { sessionId, firedAt: null }, select: { id: true, dueAt: true } });
  for (const d of due) await tx.deadline.update({ where: { id: d.id }, data: { dueAt: new Date(d.dueAt.getTime() + byMs) } });
}

/** Marks a session as a test run (lists and exports can leave test runs out) or not. */
export async function setSessionTesting(db: Db, admin: string, sname: string, testing: boolean) {
  return changeSession(db, admin, sname, testing ? "session.markTesting" : "session.unmarkTesting", () => ({ data: { testing }, key: "testing", value: testing }));
}

export async function setSessionDescription(db: Db, admin: string, sname: string, description: string) {
  const parsed = ZDescription.safeParse(typeof description === "string" ? description.trim() : description);
  if (!parsed.success) throw new InvalidInputError(parsed.error.issues[0]!.message);
  return changeSession(db, admin, sname, "session.describe", () => ({ data: { description: parsed.data }, key: "description", value: parsed.data }));
}

/** Replaces the session's settings (what experiment code reads as `settings`) wholesale. */
export async function setSessionSettings(db: Db, admin: string, sname: string, settings: unknown) {
  const parsed = ZSettings.safeParse(settings);
  if (!parsed.success || settings === null || Array.isArray(settings)) throw new InvalidInputError("Settings must be a JSON object ({ ... })");
  const problem = jsonProblem(parsed.data, "settings");
  if (problem) throw new InvalidInputError(problem);
  const value = parsed.data as Record<string, JsonValue>;
  return changeSession(db, admin, sname, "session.updateSettings", () => ({ data: { settings: sessionSettingsColumn.write(value) }, key: "settings", value }));
}

/**
 * Runs every app's newSession hook again (or for the first time), as the admin. Earlier
 * values stay in the field log. A hook that throws rolls everything back.
 */
export async function runNewSession(db: Db, admin: string, sname: string): Promise<{ hooks: number }> {
  return transaction(db, async (tx, outbox) => {
    const session = await findSession(tx, sname);
    const config = getConfig(session.config);
    // Claimed first: a participant starting meanwhile finds the session initialized and does
    // not run newSession a second time (the claim also takes the write lock at once).
    const first = await tx.session.updateMany({ where: { id: session.id, initialized: false }, data: { initialized: true } });
    const buffer = new WriteBuffer();
    let hooks = 0;
    for (const app of config.apps) {
      if (!app.newSession) continue;
      const scope = { db: tx, buffer, provenance: { ...adminBy(admin), hook: "newSession" }, context: { app: app.name } };
      const api = sessionApi(scope, session);
      await runHook({ app: app.name, hook: "newSession" }, () => app.newSession!({ session: api, settings: api.settings, constants: app.constants }));
      hooks++;
    }
    if (first.count === 1) {
      buffer.add({ owner: sessionOwner(session), key: "initialized", value: true, context: {}, provenance: adminBy(admin) });
    }
    await buffer.flush(tx);
    await recordAudit(tx, { admin, action: "session.runNewSession", session: sname, detail: { hooks } });
    // newSession may have grouped players or written their fields: the monitor re-reads them.
    const players = await tx.player.findMany({ where: { sessionId: session.id }, select: { id: true } });
    outbox.push({ to: { players: players.map((p) => p.id) }, event: "monitor:changed" }, { event: "session:changed", sname });
    return { hooks };
  });
}
