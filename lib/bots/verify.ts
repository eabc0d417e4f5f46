import type { Db } from "../store/db.ts";
import type { Submission } from "./bot.ts";

/**
 * Checks that every value a bot saw acknowledged is in the field log, for that player, at
 * that page position. Returns one line per value that is missing or different.
 */
export async function missingSubmissions(db: Db, sessionName: string, played: { playerName: string; submissions: Submission[] }[]): Promise<string[]> {
  const players = await db.player.findMany({ where: { session: { name: sessionName } }, select: { id: true, name: true } });
  const idOf = new Map(players.map((p) => [p.name, p.id]));
  const rows = await db.fieldWrite.findMany({
    where: { ownerKind: "player", ownerId: { in: players.map((p) => p.id) }, byKind: "participant" },
    select: { ownerId: true, key: true, position: true, value: true },
  });
  const logged = new Set(rows.map((r) => `${r.ownerId}|${r.position}|${r.key}|${r.value}`));
  const problems: string[] = [];
  for (const { playerName, submissions } of played) {
    for (const s of submissions) {
      for (const [key, value] of Object.entries(s.values)) {
        if (!logged.has(`${idOf.get(playerName)}|${s.position}|${key}|${JSON.stringify(value)}`)) {
          problems.push(`${playerName} ${s.path} (position ${s.position}): ${key} = ${JSON.stringify(value)} is not in the field log`);
        }
      }
    }
  }
  return problems;
}
