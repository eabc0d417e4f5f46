import { z } from "zod";
import { InvalidInputError, NotFoundError } from "../../errors.ts";
import { recordAudit } from "../../store/audit.ts";
import type { Db } from "../../store/db.ts";
import { transaction } from "../../store/outbox.ts";
import { monitorFieldsColumn } from "../../store/columns.ts";

// The player fields a session's monitor shows as extra columns: chosen by an admin, kept on
// the session (every admin's monitor of it shows the same), live like the rest of the row.

export const MAX_MONITOR_FIELDS = 20;

const ZMonitorFields = z
  .array(z.string({ error: "A field name is text" }).trim().min(1, "A field name is empty").max(100, "A field name has at most 100 characters"), { error: "Give the fields as a list of names" })
  .max(MAX_MONITOR_FIELDS, `At most ${MAX_MONITOR_FIELDS} field columns`);

/** Sets the monitor's field columns (in the order given; repeats dropped); audited; every monitor of the session re-reads its rows. */
export async function setMonitorFields(db: Db, admin: string, sname: string, fields: unknown): Promise<{ fields: string[]; message: string }> {
  const parsed = ZMonitorFields.safeParse(fields);
  if (!parsed.success) throw new InvalidInputError(parsed.error.issues[0]!.message);
  const chosen = [...new Set(parsed.data)];
  return transaction(db, async (tx, outbox) => {
    const session = await tx.session.findUnique({ where: { name: sname }, select: { id: true } });
    if (!session) throw new NotFoundError(`There is no session "${sname}"`);
    await tx.session.update({ where: { id: session.id }, data: { monitorFields: monitorFieldsColumn.write(chosen) } });
    await recordAudit(tx, { admin, action: "session.monitorFields", session: sname, detail: { fields: chosen } });
    const players = await tx.player.findMany({ where: { sessionId: session.id }, select: { id: true } });
    outbox.push({ to: { players: players.map((p) => p.id) }, event: "monitor:changed" }, { event: "session:changed", sname });
    return { fields: chosen, message: chosen.length ? `The monitor shows ${chosen.join(", ")}.` : "The monitor shows no field columns." };
  });
}
