import pg from "pg";
import { databaseAwayIn, databaseAwaySince, noteDatabaseBack } from "./availability.ts";

const PROBE_MS = 1000;

/**
 * Asks the PostgreSQL server every second whether it answers, on a connection of its own (a
 * pool full of a busy study's queries must not look like a server that is gone), and says so
 * (availability.ts): requests are held back with "please wait" while it is away, and let
 * through again within a second of its return. Only an answer that cannot come counts as away
 * (refused, cut, shutting down); a slow answer is a busy server, not a missing one. Returns a
 * stop function.
 */
export function startDatabaseProbe(url: string): () => void {
  let client: pg.Client | null = null;
  let running = false;
  const drop = () => {
    void client?.end().catch(() => undefined);
    client = null;
  };
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      if (!client) {
        client = new pg.Client({ connectionString: url });
        client.on("error", drop); // the server went away under an idle probe: reconnect next time
        await client.connect();
      }
      await client.query("SELECT 1");
      noteDatabaseBack();
    } catch (e) {
      drop();
      databaseAwayIn(e);
    } finally {
      running = false;
    }
  }, PROBE_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    drop();
  };
}

/**
 * SQLite: the file does not go away, but a query that waited too long for another
 * connection's lock ("Operation has timed out") is taken for an absent database like any
 * timeout. Without a probe nothing would ever note it back, and every page would answer
 * "please wait" until a restart: while it is noted away, this asks every second with `check`
 * (a trivial query) and notes it back once that answers.
 */
export function startAwayWatch(check: () => Promise<unknown>): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running || databaseAwaySince() === null) return;
    running = true;
    try {
      await check();
      noteDatabaseBack();
    } catch {
      // still locked (or broken): ask again in a second
    } finally {
      running = false;
    }
  }, PROBE_MS);
  timer.unref();
  return () => clearInterval(timer);
}
