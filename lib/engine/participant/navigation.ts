import type { JsonValue, PageDef } from "../../experiment/index.ts";
import { entryAtStart, entryOf } from "../recruitment/entry.ts";
import { conditionsOfEntered, recordConditions, screenOutAtFullCells, StudyFullError, takePlace } from "../recruitment/quota.ts";
import { entryParamsColumn } from "../../store/columns.ts";
import { parseField } from "../../experiment/index.ts";
import { parseEntry, pathOf } from "../../experiment/page-order.ts";
import type { Db } from "../../store/db.ts";
import type { FieldWriteInput, Provenance } from "../../store/field-log.ts";
import { findPlayer, orderOf, pageAt } from "../core/position.ts";
import { transact } from "./transact.ts";
import { playerApi, sessionApi } from "../core/handles.ts";
import { pageContext, type PlayerWithSession } from "../core/hook-context.ts";
import { HookError, logHookError, runHook } from "../core/hook-error.ts";
import { land, moveTo, passThrough, runAfterOnce } from "./move.ts";
import { beginMove, LostRace } from "./move-state.ts";
import { fireDeadline, isDue } from "./timeouts.ts";
import { savePendingForm, type FormInput } from "./pending-form.ts";
import { expandConfig, getConfig, participantLocale } from "../../project.ts";
import { t, type Locale } from "../../i18n/index.ts";
import { normalizeValidation } from "./validation.ts";
import type { ClientInfo } from "../quality/client.ts";
import { recordStartQuality, recordVisitQuality, type QualityInput } from "../quality/record.ts";

export type SubmitOutcome =
  | { kind: "advanced" }
  /** the form was for another position (stale tab, double click, replay): nothing changed */
  | { kind: "stale" }
  | { kind: "invalid" }
  | { kind: "paused" }
  /** an experiment hook threw: nothing was stored, the participant is told to try again */
  | { kind: "failed" }
  /** a wait page: the others are not there yet */
  | { kind: "waiting" };


/**
 * Handles a participant's form POST for the page at `position` (or a Back request). `db` is
 * for the transaction, `read` for reads outside it (see lib/store/db.ts readDb). Only a
 * submission for the page the player is on counts; the check is repeated as a conditional
 * update inside the transaction, so of two racing submissions exactly one moves the player.
 */
export async function submitPage(
  { db, read }: { db: Db; read: Db },
  sname: string,
  pname: string,
  position: number,
  form: FormInput,
  back = false,
  /** a stand-in bot's name (lib/engine/standin/play.ts): its answers and moves are recorded as the bot's */
  bot: string | null = null,
  /** the request's browser (lib/engine/quality/client.ts), for the data-quality signals; null without one */
  client: ClientInfo | null = null,
  /** the request's Accept-Language: the language of the messages, where the config follows the browser */
  acceptLanguage: string | null = null,
): Promise<SubmitOutcome> {
  const quality: QualityInput = { form, client, standIn: bot !== null };
  const by = (page: string): Provenance => (bot ? { byKind: "bot", byName: bot, page } : { byKind: "participant", page });
  // Read committed state only (see readDb); the transaction re-checks the position anyway.
  const p = await findPlayer(read, sname, pname);
  if (!p.session.active) return { kind: "paused" };
  if (position !== p.position) return { kind: "stale" };
  // A stand-in bot plays this seat: the participant's own submits wait until they take it back (seat-back.ts).
  if (p.standIn !== null && !bot) return { kind: "stale" };
  const order = orderOf(p);
  const current = pageAt(order, position);
  const locale = participantLocale(p.session.config, acceptLanguage);
  try {
    if (position === -1) {
      await startPlayer(db, p, form, quality);
      return { kind: "advanced" };
    }
    if (!current) return { kind: "stale" };
    if (back) return (await goBack(db, p, order, position, current.page)) ? { kind: "advanced" } : { kind: "stale" };
    if (current.page.wait) return (await recheckWait(db, p, order, position, current.page.wait, by(current.path))) ? { kind: "advanced" } : { kind: "waiting" };
    const checked = await checkSubmission(read, p, order, position, current.page, form, locale);
    // An untimed page has a deadline only when an admin gave it one; then its countdown's auto-submit says so.
    const timed = current.page.timeout !== undefined || form._timeout !== undefined;
    const deadline = timed ? await read.deadline.findUnique({ where: { playerId_position: { playerId: p.id, position } } }) : null;
    if (isDue(deadline, form._timeout !== undefined)) {
      // At the deadline valid answers are kept and invalid ones dropped; the player moves on either way.
      await advance(db, p, order, position, current.page, checked.ok ? checked.values : {}, { byKind: "timeout", page: current.path }, by(current.path), quality, true);
      return { kind: "advanced" };
    }
    if (!checked.ok) {
      await savePendingForm(db, p.id, position, { values: postedValues(current.page, form), errors: checked.errors, pageErrors: checked.pageErrors });
      return { kind: "invalid" };
    }
    await advance(db, p, order, position, current.page, checked.values, by(current.path), by(current.path), quality);
    return { kind: "advanced" };
  } catch (e) {
    if (e instanceof LostRace) return { kind: "stale" };
    if (!(e instanceof HookError)) throw e;
    logHookError(e);
    await savePendingForm(db, p.id, position, { values: current ? postedValues(current.page, form) : {}, errors: {}, pageErrors: [t(locale, "error.saveFailed")] });
    return { kind: "failed" };
  }
}

const postedValues = (page: PageDef, form: FormInput) => Object.fromEntries(Object.keys(page.fields).flatMap((n) => (form[n] === undefined ? [] : [[n, form[n]!]])));

type Checked = { ok: true; values: Record<string, JsonValue> } | { ok: false; errors: Record<string, string>; pageErrors: string[] };

/** Each field against its definition, then the page's own validate across fields. */
async function checkSubmission(db: Db, p: PlayerWithSession, order: readonly string[], position: number, page: PageDef, form: FormInput, locale: Locale): Promise<Checked> {
  const values: Record<string, JsonValue> = {};
  const errors: Record<string, string> = {};
  for (const [name, field] of Object.entries(page.fields)) {
    const result = parseField(field, form[name], locale);
    if (result.ok) values[name] = result.value;
    else errors[name] = result.error;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, pageErrors: [] };
  if (!page.validate) return { ok: true, values };
  const entry = parseEntry(order[position]!);
  const ctx = { ...(await pageContext(db, p, order, position, null, null)), locale };
  const result = await runHook({ app: entry.app, page: page.name, hook: "validate" }, () => page.validate!(values, ctx));
  const problems = normalizeValidation(result, Object.keys(page.fields));
  return problems ? { ok: false, ...problems } : { ok: true, values };
}

async function advance(db: Db, p: PlayerWithSession, order: readonly string[], from: number, page: PageDef, values: Record<string, JsonValue>, by: Provenance, valueBy: Provenance, quality: QualityInput, timedOut = false) {
  const entry = parseEntry(order[from]!);
  await transact(db, async (tx, pushes) => {
    const now = new Date();
    const move = beginMove(tx, p, order, by, pushes);
    const context = { app: entry.app, position: from, round: entry.round };
    // The values are the participant's (or their stand-in's) even when the clock moved them on.
    for (const [key, value] of Object.entries(values)) move.buffer.add({ owner: move.owner, key, value, context, provenance: valueBy });
    // An answer a quota counts whose cell is full: screened out (the move goes to the end page).
    if (p.outcome === null) await screenOutAtFullCells(tx, move.buffer, p.session, { owner: move.owner, context, provenance: { byKind: "system", byName: "quota" } }, values);
    // The visit's signals and checks, with the answers (an attention check may screen out).
    await recordVisitQuality(move, from, page, values, quality, timedOut);
    if (timedOut) await fireDeadline(move, from, page, now);
    await runAfterOnce(move, from, page);
    await moveTo(move, from, await land(move, from), timedOut ? "timeout" : "submit", now);
  });
}

/** A participant on a wait page asks again (the no-JavaScript Continue): moves on if the wait is over. */
async function recheckWait(db: Db, p: PlayerWithSession, order: readonly string[], from: number, wait: NonNullable<PageDef["wait"]>, by: Provenance): Promise<boolean> {
  return transact(db, async (tx, pushes) => {
    const move = beginMove(tx, p, order, by, pushes);
    if (!(await passThrough(move, from, wait))) return false;
    await moveTo(move, from, await land(move, from), "submit", new Date());
    return true;
  });
}

/** Back: to the nearest earlier page that would be shown; no hooks run and nothing is saved. */
async function goBack(db: Db, p: PlayerWithSession, order: readonly string[], from: number, page: PageDef): Promise<boolean> {
  if (!page.allowBack) return false;
  return transact(db, async (tx, pushes) => {
    const now = new Date();
    const move = beginMove(tx, p, order, { byKind: "participant", page: pathOf(parseEntry(order[from]!)) }, pushes);
    for (let pos = from - 1; pos >= 0; pos--) {
      const target = pageAt(order, pos);
      if (!target) continue;
      const entry = parseEntry(order[pos]!);
      const show = target.page.show;
      // Never back over a wait page: the group has moved on (its payoffs are computed).
      if (target.page.wait) return false;
      // A timed page whose time has run out is closed: Back goes past it.
      if (target.page.timeout !== undefined) {
        const deadline = await tx.deadline.findUnique({ where: { playerId_position: { playerId: p.id, position: pos } } });
        if (deadline && (deadline.firedAt !== null || deadline.dueAt.getTime() <= now.getTime())) continue;
      }
      if (show && !(await runHook({ app: entry.app, page: target.page.name, hook: "show" }, async () => show(await pageContext(tx, p, order, pos, "show", move.buffer))))) continue;
      await moveTo(move, from, pos, "back", now);
      return true;
    }
    return false;
  });
}

/**
 * Initializes a participant on their first POST: fixes their page order, runs the config's
 * newSession hooks if this is the session's first participant, then newPlayer, and lands
 * them on the first page. Both "first" checks are conditional updates, so each hook runs
 * exactly once even when many participants start at the same moment.
 */
async function startPlayer(db: Db, p: PlayerWithSession, form: FormInput, quality: QualityInput) {
  const config = getConfig(p.session.config);
  // A player link's recruitment IDs (personal data: on the player row, not in the field log).
  const entry = entryAtStart(entryOf(p.session.config, p.session.room), p, form);
  await transact(db, async (tx, pushes) => {
    const now = new Date();
    // A player link takes their place now (under the quotas; the sessionwide and room links
    // took theirs already, with the player); the named between()s' conditions come with it.
    const by = { byKind: "participant" as const };
    const conditions = p.started ? await conditionsOfEntered(tx, p.session, p.id, by) : await takePlace(tx, p.session, entry?.params ?? null);
    if (!conditions) throw new StudyFullError();
    if (!p.started) await recordConditions(tx, p.session, p.id, conditions, by);
    const order = expandConfig(config, Math.random, conditions);
    const move = beginMove(tx, p, order, by, pushes);
    move.orderChanged = true;
    // Claims the start: a second start request (two tabs) finds nothing and runs no hook.
    const claimed = await tx.player.updateMany({
      where: { id: p.id, position: -1, initialized: false, session: { is: { active: true } } },
      data: {
        started: true,
        initialized: true,
        ...(entry?.params ? { entryParams: entryParamsColumn.write(entry.params) } : {}),
        ...(entry?.label && p.label === "" ? { label: entry.label } : {}),
      },
    });
    if (claimed.count !== 1) throw new LostRace();
    const first = await tx.session.updateMany({ where: { id: p.sessionId, initialized: false }, data: { initialized: true } });
    const context = { app: null, position: -1, round: null };
    for (const app of config.apps) {
      const scope = (hook: string) => ({ db: tx, buffer: move.buffer, provenance: { byKind: "hook" as const, byName: hook, hook }, context: { ...context, app: app.name } });
      const base = (hook: string) => {
        const session = sessionApi(scope(hook), p.session);
        return { session, settings: session.settings, constants: app.constants };
      };
      if (first.count === 1 && app.newSession) await runHook({ app: app.name, hook: "newSession" }, () => app.newSession!(base("newSession")));
      if (app.newPlayer) await runHook({ app: app.name, hook: "newPlayer" }, () => app.newPlayer!({ ...base("newPlayer"), player: playerApi(scope("newPlayer"), p) }));
    }
    const writes: FieldWriteInput[] = [
      { owner: move.owner, key: "started", value: true, context, provenance: move.by },
      ...(first.count === 1 ? [{ owner: { kind: "session" as const, id: p.sessionId, sessionId: p.sessionId }, key: "initialized", value: true, context, provenance: move.by }] : []),
    ];
    for (const w of writes) move.buffer.add(w);
    await recordStartQuality(move, quality);
    await moveTo(move, -1, await land(move, -1), "start", now);
  });
}
