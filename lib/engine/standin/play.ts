import crypto from "node:crypto";
import { formValueOf, randomValidValue, type PageDef, type Rng } from "../../experiment/index.ts";
import { parseEntry } from "../../experiment/page-order.ts";
import { log } from "../../log.ts";
import { getApp } from "../../project.ts";
import type { Db } from "../../store/db.ts";
import { orderOf, pageAt } from "../core/position.ts";
import { submitPage } from "../participant/navigation.ts";
import type { FormInput } from "../participant/pending-form.ts";

// Stand-in bots: the server itself plays a dropout's seat (the app's dropout: { then: "bot" }),
// one page per sweep round, through the same submit a participant's form uses (validation,
// hooks, waits, deadlines), recorded as the bot's. Nothing of the bot lives in memory: the seat
// (Player.standIn) and its claim (standInBy, standInUntil) are in the database. An instance
// claims a seat with a conditional update and renews the claim at each step; a second instance
// finds it claimed and leaves it alone, and a stopped instance's claim runs out, so another (or
// the restarted one) carries on from the page the bot had reached.

/** How long a claim holds without renewal: a few sweep rounds, so a restart hands over quickly. */
export const STAND_IN_CLAIM_MS = 5000;

/** This process's name as a stand-in player (the field log's byName: "stand-in@<instance>"). */
export const THIS_INSTANCE = crypto.randomBytes(4).toString("hex");

const BATCH = 200;

/** The bot's answers for a page: the app's bot script where it has one, random valid values elsewhere, as a form posts them. */
function botForm(page: PageDef, app: string, round: number | null, playerIndex: number, rng: Rng): FormInput {
  const scripted = getApp(app)?.bots[page.name]?.({ round, rng, playerIndex }) ?? {};
  const form: FormInput = {};
  for (const [name, field] of Object.entries(page.fields)) form[name] = formValueOf(field, Object.hasOwn(scripted, name) ? scripted[name] : randomValidValue(field, rng));
  return form;
}

/** The bot reached the end: the seat is done ("finished" keeps the record that a bot played it; no claim any more). */
async function finishSeat(db: Db, playerId: number): Promise<void> {
  await db.$transaction((tx) => tx.player.updateMany({ where: { id: playerId, standIn: "bot" }, data: { standIn: "finished", standInBy: null, standInUntil: null } }));
}

/**
 * One round of the stand-in bots of active sessions for this instance: each seat it can claim
 * (unclaimed, its own, or a claim run out) gets one step: its current page submitted with the
 * bot's answers, or its wait page asked again. Returns how many seats took a step.
 */
export async function playStandIns(dbs: { db: Db; read: Db }, instance = THIS_INSTANCE, now = new Date()): Promise<number> {
  const seats = await dbs.read.player.findMany({
    where: { standIn: "bot", session: { is: { active: true } }, position: { gte: 0 } },
    select: { id: true, name: true, index: true, position: true, pageOrder: true, session: { select: { name: true } } },
    orderBy: { id: "asc" },
    take: BATCH,
  });
  let stepped = 0;
  for (const seat of seats) {
    const order = orderOf(seat);
    if (seat.position >= order.length) {
      await finishSeat(dbs.db, seat.id);
      continue;
    }
    const claimed = await dbs.db.$transaction((tx) =>
      tx.player.updateMany({
        where: { id: seat.id, standIn: "bot", OR: [{ standInBy: null }, { standInBy: instance }, { standInUntil: { lt: now } }] },
        data: { standInBy: instance, standInUntil: new Date(now.getTime() + STAND_IN_CLAIM_MS) },
      }),
    );
    if (claimed.count !== 1) continue; // another instance plays this seat
    const path = order[seat.position]!;
    const entry = parseEntry(path);
    try {
      const current = pageAt(order, seat.position);
      const form = !current || current.page.wait ? {} : botForm(current.page, entry.app, entry.round, seat.index, Math.random);
      const outcome = await submitPage(dbs, seat.session.name, seat.name, seat.position, form, false, `stand-in@${instance}`);
      if (outcome.kind === "invalid" || outcome.kind === "failed") log.warn({ player: seat.name, page: path, outcome: outcome.kind }, "a stand-in bot's answers were not accepted; it tries again");
      stepped++;
      const after = await dbs.db.player.findUnique({ where: { id: seat.id }, select: { position: true } });
      if (after && after.position >= order.length) await finishSeat(dbs.db, seat.id);
    } catch (e) {
      log.error({ err: e, player: seat.name, page: path }, "a stand-in bot's step failed");
    }
  }
  return stepped;
}
