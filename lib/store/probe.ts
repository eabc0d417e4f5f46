import { noteDatabaseAway, noteDatabaseBack } from "./availability.ts";
import type { Db } from "./db.ts";

const PROBE_MS = 1000;
/** A probe that hangs (packets dropped on the way) counts as an answer that did not come. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * Asks the database every second whether it answers, and says so (availability.ts): requests
 * are held back with "please wait" while it is away, and let through again within a second of
 * its return. Returns a stop function.
 */
export function startDatabaseProbe(db: () => Db): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([db().$queryRaw`SELECT 1`, new Promise((_, reject) => (timeout = setTimeout(() => reject(new Error("no answer")), PROBE_TIMEOUT_MS)))]);
      noteDatabaseBack();
    } catch {
      noteDatabaseAway();
    } finally {
      clearTimeout(timeout);
      running = false;
    }
  }, PROBE_MS);
  timer.unref();
  return () => clearInterval(timer);
}
