import { z } from "zod";
import { InvalidInputError, NotFoundError } from "../../errors.ts";
import type { JsonValue, PaymentDef } from "../../experiment/index.ts";
import { recordAudit } from "../../store/audit.ts";
import { sessionSettingsColumn } from "../../store/columns.ts";
import type { Db } from "../../store/db.ts";
import { adminBy, recordWrites } from "../../store/field-log.ts";
import { transaction } from "../../store/outbox.ts";

// The payments page's settings form: currency, value of a point, fee and rounding, kept as
// the session setting `payment` (which the payments read lays over the config's payment), so
// the admin never edits the settings JSON by hand. One transaction: the settings, their
// field-log write and the audit entry; the session's admin tabs re-read the page after.

const AMOUNT = /^\d{1,9}(\.\d{1,10})?$/;
const CENTS = /^\d{1,9}(\.\d{1,2})?$/;

export const ZPaymentSettings = z.object({
  currency: z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{3}$/, "The currency is a three-letter code such as GBP, USD or EUR")),
  pointValue: z.string().trim().regex(AMOUNT, "The value of a point is a decimal of at least 0, such as 0.01 (up to 10 decimals)"),
  fee: z.string().trim().regex(CENTS, "The fee is an amount of at least 0 with at most 2 decimals, such as 1.50"),
  rounding: z.enum(["nearest", "up", "down"], { error: "Rounding is nearest, up or down" }),
});
export type TPaymentSettings = z.infer<typeof ZPaymentSettings>;

/** Checks the form's values; each problem names its field. */
export function checkPaymentSettings(input: unknown): Required<PaymentDef> {
  const parsed = ZPaymentSettings.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? "form");
  throw new InvalidInputError(issue.message, { [field]: [issue.message] });
}

/** Sets the session's payment (the setting `payment`; its other settings stay). Audited. */
export async function setSessionPayment(db: Db, admin: string, sname: string, input: unknown): Promise<string> {
  const payment = checkPaymentSettings(input);
  return transaction(db, async (tx, outbox) => {
    const session = await tx.session.findUnique({ where: { name: sname }, select: { id: true, settings: true } });
    if (!session) throw new NotFoundError(`There is no session "${sname}"`);
    const settings: Record<string, JsonValue> = { ...sessionSettingsColumn.read(session.settings), payment: { ...payment } };
    await tx.session.update({ where: { id: session.id }, data: { settings: sessionSettingsColumn.write(settings) } });
    await recordWrites(tx, [{ owner: { kind: "session", id: session.id, sessionId: session.id }, key: "settings", value: settings, context: {}, provenance: adminBy(admin) }]);
    await recordAudit(tx, { admin, action: "session.updatePayment", session: sname, detail: { payment } });
    outbox.push({ event: "session:changed", sname });
    return `Payment settings saved: ${payment.pointValue} ${payment.currency} per point, a fee of ${payment.fee} ${payment.currency}, bonuses rounded ${payment.rounding === "nearest" ? "to the nearest cent" : payment.rounding}.`;
  });
}
