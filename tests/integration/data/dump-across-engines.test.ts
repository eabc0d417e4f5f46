import { restoreDump, writeDump } from "@/lib/data/dump";
import { submitPage } from "@/lib/engine/participant/navigation";
import { createSession } from "@/lib/engine/admin/sessions";
import { freshDb } from "../../helpers/database";
import { TEST_ENGINE } from "../../helpers/engine";

// A study moves between engines: a dump from SQLite restores into PostgreSQL and back, and
// each database dumps the same bytes. (Run in the PostgreSQL pass, which has a server.)
const onPostgres = TEST_ENGINE === "postgresql" ? test : test.skip;

const dumpOf = async (db: Parameters<typeof writeDump>[0]) => {
  let out = "";
  await writeDump(db, (chunk) => void (out += chunk));
  return out;
};

onPostgres("SQLite → PostgreSQL → SQLite: the same dump each time; new rows continue after the restored ids", async () => {
  const sqlite = freshDb("sqlite");
  const postgres = freshDb("postgresql");
  const back = freshDb("sqlite");
  try {
    const s = await createSession(sqlite.db, { config: "basics", players: 2, settings: { greeting: "moved" } }, { byKind: "system" });
    for (const p of s.players) await submitPage({ db: sqlite.db, read: sqlite.db }, s.name, p.name, -1, {});
    const original = await dumpOf(sqlite.db);

    await restoreDump(postgres.db, original);
    expect(await dumpOf(postgres.db)).toBe(original);
    const next = await createSession(postgres.db, { config: "basics", players: 1 }, { byKind: "system" });
    expect(next.id).toBe(s.id + 1);

    const fromPostgres = await dumpOf(postgres.db);
    await restoreDump(back.db, fromPostgres);
    expect(await dumpOf(back.db)).toBe(fromPostgres);
  } finally {
    await Promise.all([sqlite.db.$disconnect(), postgres.db.$disconnect(), back.db.$disconnect()]);
  }
});
