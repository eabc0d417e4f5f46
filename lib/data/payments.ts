import { NotFoundError, InvalidInputError } from "../errors.ts";
import { paymentProblem, type PaymentDef } from "../experiment/project.ts";
import { getConfig, hasConfig } from "../project.ts";
import { entryOf } from "../engine/recruitment/rules.ts";
import { entryParamsColumn, pageOrderColumn, sessionSettingsColumn } from "../store/columns.ts";
import type { Db } from "../store/db.ts";
import { csvLines } from "./csv.ts";
import { add, formatDecimal, formatMinor, multiply, parseDecimal, toMinor, ZERO, type Decimal } from "./money.ts";

// The payments page, its downloads and the API: each player's points (the field `payoff` as it
// stood at the end of each app and round, read from the field log), what they become in money
// (exactly: decimal arithmetic, never floats), and whether the player has been paid.

/** The player field whose per-round values are the points. */
export const PAYOFF_FIELD = "payoff";
const CENTS = 2;

export type PaymentStatus = "finished" | "screened out" | "dropout" | "playing" | "not started";

export interface PaymentRow {
  name: string;
  index: number;
  label: string;
  /** the recruiter's ID: the config's label parameter (PROLIFIC_PID), else the label; null without one */
  id: string | null;
  entry: Record<string, string>;
  status: PaymentStatus;
  /** the sum of the per-round payoffs, as exact decimal text */
  points: string;
  /** points × pointValue, rounded to the cent */
  bonus: string;
  /** the participation fee (finished players only) */
  fee: string;
  total: string;
  /** ISO time, or null while unpaid */
  paidAt: string | null;
}

export interface SessionPayments {
  session: string;
  /** null: the session's config sets no payment (then every amount is 0.00) */
  currency: string | null;
  pointValue: string;
  fee: string;
  rounding: NonNullable<PaymentDef["rounding"]>;
  players: PaymentRow[];
  /** sums over all players: bonus, fee, total; and what is still unpaid */
  totals: { bonus: string; fee: string; total: string; unpaid: string };
}

/** The session's payment settings: the config's, with the session setting `payment` over them. */
function paymentOf(config: string, settings: Record<string, unknown>): Required<PaymentDef> | null {
  const declared = hasConfig(config) ? getConfig(config).payment : undefined;
  const override = settings.payment;
  if (override !== undefined && (override === null || typeof override !== "object" || Array.isArray(override))) throw new InvalidInputError('The session setting "payment" must be an object, e.g. {"currency": "GBP", "pointValue": "0.01"}');
  const merged = { ...declared, ...(override as object | undefined) } as Partial<Record<keyof PaymentDef, unknown>>;
  if (!declared && override === undefined) return null;
  const problem = paymentProblem(merged);
  if (problem) throw new InvalidInputError(`The payment settings of this session are not usable: ${problem}`);
  const p = merged as unknown as PaymentDef;
  return { currency: p.currency, pointValue: p.pointValue, fee: p.fee ?? "0", rounding: p.rounding ?? "nearest" };
}

function statusOf(p: { started: boolean; dropout: boolean; outcome: string | null; position: number; pageOrder: string }): PaymentStatus {
  if (p.outcome === "screenedOut") return "screened out";
  const order = pageOrderColumn.read(p.pageOrder);
  if (p.outcome === "completed" || (p.started && order.length > 0 && p.position >= order.length)) return "finished";
  if (p.dropout) return "dropout";
  return p.started ? "playing" : "not started";
}

/** Each player's points: the last payoff written in each app and round, summed (a payoff that is no number counts 0). */
async function pointsByPlayer(read: Db, sessionId: number): Promise<Map<number, Decimal>> {
  const writes = await read.fieldWrite.findMany({
    where: { sessionId, ownerKind: "player", key: PAYOFF_FIELD },
    orderBy: { seq: "asc" },
    select: { ownerId: true, app: true, round: true, value: true },
  });
  const last = new Map<string, { ownerId: number; value: string | null }>();
  for (const w of writes) last.set(`${w.ownerId}\u0000${w.app ?? ""}\u0000${w.round ?? ""}`, { ownerId: w.ownerId, value: w.value });
  const sums = new Map<number, Decimal>();
  for (const { ownerId, value } of last.values()) {
    // The stored JSON text of a number is a decimal literal: read it as one, exactly.
    const d = value === null ? null : parseDecimal(value);
    if (d) sums.set(ownerId, add(sums.get(ownerId) ?? ZERO, d));
  }
  return sums;
}

/**
 * What the payments page's settings form shows: the config's payment with the session's
 * setting over it, as text, even where it is not usable (the form is how it gets fixed).
 */
export async function paymentFormValues(read: Db, sname: string): Promise<{ currency: string; pointValue: string; fee: string; rounding: "nearest" | "up" | "down" }> {
  const session = await read.session.findUnique({ where: { name: sname }, select: { config: true, settings: true } });
  if (!session) throw new NotFoundError(`There is no session "${sname}"`);
  const override = sessionSettingsColumn.read(session.settings).payment;
  const merged: Record<string, unknown> = { ...(hasConfig(session.config) ? getConfig(session.config).payment : undefined), ...(override !== null && typeof override === "object" && !Array.isArray(override) ? override : {}) };
  const text = (v: unknown, otherwise: string) => (typeof v === "string" ? v : otherwise);
  const rounding = merged.rounding === "up" || merged.rounding === "down" ? merged.rounding : "nearest";
  return { currency: text(merged.currency, ""), pointValue: text(merged.pointValue, ""), fee: text(merged.fee, "0"), rounding };
}

export async function sessionPayments(read: Db, sname: string): Promise<SessionPayments> {
  const session = await read.session.findUnique({ where: { name: sname }, select: { id: true, name: true, config: true, settings: true, room: true } });
  if (!session) throw new NotFoundError(`There is no session "${sname}"`);
  const payment = paymentOf(session.config, sessionSettingsColumn.read(session.settings)) ?? { currency: null, pointValue: "0", fee: "0", rounding: "nearest" as const };
  const labelParam = entryOf(session.config, session.room)?.label;
  const rate = parseDecimal(payment.pointValue)!;
  const feeMinor = toMinor(parseDecimal(payment.fee)!, CENTS);
  const [players, points] = await Promise.all([
    read.player.findMany({
      where: { sessionId: session.id },
      orderBy: { index: "asc" },
      select: { id: true, name: true, index: true, label: true, started: true, dropout: true, outcome: true, position: true, pageOrder: true, entryParams: true, paidAt: true },
    }),
    pointsByPlayer(read, session.id),
  ]);
  const sum = { bonus: 0n, fee: 0n, total: 0n, unpaid: 0n };
  const rows = players.map((p): PaymentRow => {
    const entry = p.entryParams === null ? {} : entryParamsColumn.read(p.entryParams);
    const status = statusOf(p);
    const pts = points.get(p.id) ?? ZERO;
    const bonus = toMinor(multiply(pts, rate), CENTS, payment.rounding);
    const fee = status === "finished" ? feeMinor : 0n;
    const total = bonus + fee;
    sum.bonus += bonus;
    sum.fee += fee;
    sum.total += total;
    if (!p.paidAt) sum.unpaid += total;
    return {
      name: p.name,
      index: p.index,
      label: p.label,
      id: (labelParam !== undefined ? entry[labelParam] : undefined) ?? (p.label || null),
      entry,
      status,
      points: formatDecimal(pts),
      bonus: formatMinor(bonus, CENTS),
      fee: formatMinor(fee, CENTS),
      total: formatMinor(total, CENTS),
      paidAt: p.paidAt?.toISOString() ?? null,
    };
  });
  return {
    session: session.name,
    currency: payment.currency,
    pointValue: payment.pointValue,
    fee: formatMinor(feeMinor, CENTS),
    rounding: payment.rounding,
    players: rows,
    totals: { bonus: formatMinor(sum.bonus, CENTS), fee: formatMinor(sum.fee, CENTS), total: formatMinor(sum.total, CENTS), unpaid: formatMinor(sum.unpaid, CENTS) },
  };
}

export const PAYMENT_FILES = ["bonus.csv", "payments.csv"] as const;
export type PaymentFile = (typeof PAYMENT_FILES)[number];

/**
 * Prolific's bulk bonus format: one "ID,amount" line per player with an ID and a bonus above
 * zero, no header (paste it into Prolific's "Bulk bonus payment" box, or upload it).
 */
export function bonusCsv(payments: SessionPayments): string {
  return csvLines(payments.players.filter((r) => r.id !== null && r.bonus !== "0.00" && !r.bonus.startsWith("-")).map((r) => [r.id, r.bonus]));
}

const PAYMENT_COLUMNS = ["session", "player", "index", "label", "id", "status", "points", "currency", "bonus", "fee", "total", "paidAt"] as const;

/** Every player with their status, points and money, one row each. */
export function paymentsCsv(payments: SessionPayments): string {
  return csvLines([
    [...PAYMENT_COLUMNS],
    ...payments.players.map((r) => [payments.session, r.name, r.index, r.label, r.id, r.status, r.points, payments.currency ?? "", r.bonus, r.fee, r.total, r.paidAt]),
  ]);
}

/** A payments download as a response (text/csv, attachment), or the 4xx that says why not. */
export async function paymentFile(read: Db, sname: string, file: string): Promise<{ name: string; body: string }> {
  if (!(PAYMENT_FILES as readonly string[]).includes(file)) throw new NotFoundError(`There is no payments file "${file}"; there are ${PAYMENT_FILES.join(", ")}`);
  const payments = await sessionPayments(read, sname);
  return { name: `${sname}-${file}`, body: file === "bonus.csv" ? bonusCsv(payments) : paymentsCsv(payments) };
}
