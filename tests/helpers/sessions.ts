import { createSession } from "@/lib/engine/admin/sessions";
import type { RunningServer } from "./server";

/** Creates a session of `config` on the running server; returns its id, name and participant URLs. */
export async function newSession(server: RunningServer, config: string, players = 1, extra: { settings?: Record<string, string> } = {}) {
  const s = await createSession(server.db, { config, players, ...extra }, { byKind: "system" });
  return { ...s, urls: s.players.map((p) => `${server.url}/p/${s.name}/${p.name}/`) };
}

/** The player's current field values, decoded. */
export async function currentValues(server: RunningServer, sessionId: number, playerName: string) {
  const player = await server.db.player.findFirstOrThrow({ where: { sessionId, name: playerName } });
  const rows = await server.db.fieldValue.findMany({ where: { ownerKind: "player", ownerId: player.id } });
  return Object.fromEntries(rows.map((r) => [r.key, r.value === null ? undefined : JSON.parse(r.value)]));
}
