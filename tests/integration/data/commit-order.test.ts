import { longCsv } from "@/lib/data/exports";
import { createSession } from "@/lib/engine/admin/sessions";
import { createDb } from "@/lib/store/db";
import { recordWrites } from "@/lib/store/field-log";
import { freshDb } from "../../helpers/database";
import { TEST_ENGINE } from "../../helpers/engine";

// On PostgreSQL a lower seq can commit after a higher one. The field log export pages by seq:
// it must not step past a row whose transaction was still open when the export began.
const onPostgres = TEST_ENGINE === "postgresql" ? test : test.skip;

onPostgres("an export waits for a transaction that holds a lower seq, then includes its row in seq order", async () => {
  const { db, url } = freshDb();
  const other = createDb(url);
  const s = await createSession(db, { config: "basics", players: 1 }, { byKind: "system" });
  const owner = { kind: "session" as const, id: s.id, sessionId: s.id };
  const write = (key: string) => ({ owner, key, value: key, context: {}, provenance: { byKind: "system" as const } });

  // One transaction takes its seq and stays open...
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let written!: () => void;
  const hasSeq = new Promise<void>((r) => (written = r));
  const late = db.$transaction(
    async (tx) => {
      await recordWrites(tx, [write("late")]);
      written();
      await gate;
    },
    { timeout: 60_000 },
  );
  await hasSeq;
  // ...while others commit after it, with higher seqs.
  for (const key of ["after1", "after2"]) await other.$transaction((tx) => recordWrites(tx, [write(key)]));

  let csv = "";
  let done = false;
  const exported = (async () => {
    for await (const chunk of longCsv(other, { sessionId: s.id })) csv += chunk;
    done = true;
  })();
  await new Promise((r) => setTimeout(r, 500));
  expect(done).toBe(false); // still waiting for the open transaction: it cannot have read past it
  release();
  await late;
  await exported;

  const keys = csv.split("\n").slice(1).filter(Boolean).map((line) => line.split(",")[5]);
  expect(keys.slice(-3)).toEqual(["late", "after1", "after2"]);
  const seqs = csv.split("\n").slice(1).filter(Boolean).map((line) => Number(line.split(",")[0]));
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  await Promise.all([db.$disconnect(), other.$disconnect()]);
});
