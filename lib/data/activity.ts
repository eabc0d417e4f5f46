import { latestAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";
import { auditSentence, playersNamedIn } from "./audit-sentences.ts";

/** One line of a session's admin activity: who did what, when, as a sentence. */
export interface ActivityEntry {
  id: number;
  at: Date;
  admin: string;
  /** "paused the session", "grouped alice and bob into pairs", ... */
  sentence: string;
}

/** The labels of those of the session's named players who have one, by name: one query. */
export async function playerLabels(read: Db, sname: string, names: readonly string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await read.player.findMany({ where: { session: { name: sname }, name: { in: [...names] }, label: { not: "" } }, select: { name: true, label: true } });
  return new Map(rows.map((p) => [p.name, p.label]));
}

/** A session's latest admin actions, newest first: two queries (the entries, the labels of the players they name). */
export async function sessionActivity(read: Db, sname: string, take = 25): Promise<ActivityEntry[]> {
  const entries = await latestAudit(read, { session: sname, take });
  const labels = await playerLabels(read, sname, playersNamedIn(entries));
  return entries.map((e) => ({ id: e.id, at: e.at, admin: e.admin, sentence: auditSentence(e, labels) }));
}
