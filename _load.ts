import { playBot } from "./lib/bots/bot.ts";
import { createSession } from "./lib/engine/sessions.ts";
import { createDb } from "./lib/store/db.ts";
const db = createDb("file:/tmp/scratch/c.sqlite3");
for (const n of [20, 200]) {
  const s = await createSession(db, { config: "survey", players: n }, { byKind: "system" });
  const t0 = performance.now(); let posts = 0;
  await Promise.all(s.players.map((p, i) => playBot({ url: `http://127.0.0.1:8041/p/${s.name}/${p.name}/`, playerIndex: i, onRequest: (k) => { if (k === "post") posts++; } })));
  console.log(n, "bots", (posts / ((performance.now() - t0) / 1000)).toFixed(0), "cycles/s");
}
await db.$disconnect();
