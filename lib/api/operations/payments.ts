import { z } from "zod";
import { PAYMENT_FILES, paymentFile, sessionPayments } from "../../data/payments.ts";
import { markPaid } from "../../engine/recruitment/payments.ts";
import { setSessionPayment, ZPaymentSettings } from "../../engine/recruitment/payment-settings.ts";
import { db, readDb } from "../../store/db.ts";
import { operation } from "../operation.ts";
import { ZActionResult, ZSessionParams } from "../schemas.ts";

// The payments page's data, downloads and Mark as paid (lib/data/payments.ts,
// lib/engine/recruitment/payments.ts). Amounts are decimal text (exact), in the session's currency.

const amount = (what: string) => z.string().regex(/^-?\d+\.\d{2}$/).describe(what);

const ZPaymentRow = z.object({
  name: z.string(),
  index: z.number().int(),
  label: z.string(),
  id: z.string().nullable().describe("the recruiter's ID: the config's label parameter (PROLIFIC_PID), else the label"),
  entry: z.record(z.string(), z.string()).describe("the entry parameters kept"),
  status: z.enum(["finished", "screened out", "dropout", "playing", "not started"]),
  points: z.string().describe("the per-round payoffs summed, exact decimal text"),
  bonus: amount("points × pointValue, rounded to the cent"),
  fee: amount("the participation fee (finished players)"),
  total: amount("bonus + fee"),
  paidAt: z.string().nullable(),
});

export const paymentOperations = [
  operation({
    method: "GET",
    path: "/sessions/{sname}/payments/",
    tag: "players",
    summary: "What each player earned, in money, and whether they were paid",
    description:
      "Points are the player field `payoff` as it stood at the end of each app and round, summed; the bonus is points × the config's pointValue rounded to the cent; finished players also get the fee. Without a payment in the config, currency is null and every amount 0.00.",
    full: false,
    params: ZSessionParams,
    response: z.object({
      session: z.string(),
      currency: z.string().nullable().describe("null: the session's config sets no payment (every amount 0.00)"),
      pointValue: z.string(),
      fee: amount("the participation fee"),
      rounding: z.enum(["nearest", "up", "down"]),
      players: z.array(ZPaymentRow),
      totals: z.object({ bonus: amount("all bonuses"), fee: amount("all fees"), total: amount("everything"), unpaid: amount("what players not marked as paid get") }),
    }),
    run: async ({ params }) => sessionPayments(readDb(), params.sname),
  }),
  ...PAYMENT_FILES.map((file) =>
    operation({
      method: "GET",
      path: `/sessions/{sname}/payments/${file}`,
      tag: "players",
      summary: file === "bonus.csv" ? "Bonuses in Prolific's bulk bonus format" : "Every player's payment, as CSV",
      description:
        file === "bonus.csv"
          ? "One `ID,amount` line per player with an ID and a bonus above zero, no header: paste it into Prolific's bulk bonus payment."
          : "Every player with session, player, index, label, id, status, points, currency, bonus, fee, total and paidAt.",
      full: false,
      params: ZSessionParams,
      response: { contentType: "text/csv", description: "the file" },
      run: async ({ params }) => {
        const { name, body } = await paymentFile(readDb(), params.sname, file);
        return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name.replace(/[^\w.-]/g, "_")}"` } });
      },
    }),
  ),
  operation({
    method: "POST",
    path: "/sessions/{sname}/payments/paid/",
    tag: "players",
    summary: "Mark players as paid (or not)",
    description: "paid (default true) sets each player's paid time (a player already marked keeps the first); false takes the mark off. Audited.",
    full: true,
    params: ZSessionParams,
    body: z
      .object({
        players: z.array(z.string().min(1).max(64), { error: "players is a list of player names" }).min(1, "Choose at least one player").max(10_000),
        paid: z.boolean().default(true),
      })
      .strict(),
    response: ZActionResult,
    run: async ({ params, body, caller }) => markPaid(db(), caller.actor, params.sname, body.players, body.paid),
  }),
  operation({
    method: "PUT",
    path: "/sessions/{sname}/payments/settings/",
    tag: "players",
    summary: "Set the session's payment settings",
    description:
      "currency (three letters), pointValue (money per point, decimal text), fee (at most 2 decimals) and rounding (nearest, up, down), as the payments page's form: kept as the session setting `payment` (its other settings stay), which overrides the config's payment. Audited.",
    full: true,
    params: ZSessionParams,
    body: ZPaymentSettings.strict(),
    response: z.object({ message: z.string().describe("what it did, in a sentence (as the admin page shows it)") }),
    run: async ({ params, body, caller }) => ({ message: await setSessionPayment(db(), caller.actor, params.sname, body) }),
  }),
];
