import type { Db } from "@/lib/store/db";
import type { Prisma } from "@/lib/store/generated/client";

/**
 * Lets the time of these unfired deadlines run out now: their dueAt moves an hour into the
 * past, beyond the sweep's grace (SPROUT_SWEEP_GRACE_MS, at most 10 minutes), so the server's
 * next sweep (every second) fires them. Tests drive the clock this way rather than wait for
 * a deadline, so their outcome does not depend on how fast the machine is.
 */
export async function runOutDeadlines(db: Db, where: Prisma.DeadlineWhereInput): Promise<void> {
  const { count } = await db.deadline.updateMany({ where: { ...where, firedAt: null }, data: { dueAt: new Date(Date.now() - 3_600_000) } });
  if (count === 0) throw new Error(`no unfired deadline matches ${JSON.stringify(where)}`);
}
