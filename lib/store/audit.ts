import type { Db, Tx } from "./db.ts";
import { auditDetailColumn } from "./columns.ts";

interface AuditInput {
  admin: string;
  /** "session.setActive", "login.revoke", ... */
  action: string;
  session?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends what an admin did; call it inside the transaction that does it. */
export async function recordAudit(tx: Tx, entry: AuditInput): Promise<void> {
  await tx.auditEntry.create({ data: { admin: entry.admin, action: entry.action, session: entry.session ?? null, detail: auditDetailColumn.write(entry.detail ?? {}) } });
}

/** The latest entries, newest first (one session's, or all). */
export async function latestAudit(read: Db, options: { session?: string; take?: number } = {}) {
  const rows = await read.auditEntry.findMany({
    where: options.session === undefined ? {} : { session: options.session },
    orderBy: { id: "desc" },
    take: options.take ?? 50,
  });
  return rows.map((r) => ({ ...r, detail: auditDetailColumn.read(r.detail) }));
}
