// What an app declares for a group member who drops out (pure; the engine's
// lib/engine/standin/ applies it when a player is marked as a dropout).

/**
 * What happens to a group when one of its members drops out (marked by a dropout watch's
 * sweep, by `player.markDropout()` or by an admin).
 * @example defineApp({ ..., dropout: { then: "bot", seatBack: true }, bots: { Decide: () => ({ cooperate: true }) } })
 */
export interface DropoutPolicy {
  /**
   * "fewer" (the default): the group carries on without them (sync pages stop waiting);
   * "bot": a stand-in bot run by the server plays their seat from the page they left, with the
   * app's bot script (`bots`; random valid values elsewhere); "endGroup": the study ends for
   * the rest of their group (the end page shows `message`).
   */
  then: "fewer" | "bot" | "endGroup";
  /** With "bot": a participant who comes back takes the seat back at the page the bot reached, and the bot stops. */
  seatBack?: boolean;
  /** With "endGroup": what the others' end page says. */
  message?: string;
}

/** What is wrong with an app's dropout policy (checked at start), or null. */
export function dropoutPolicyProblem(policy: unknown): string | null {
  if (typeof policy !== "object" || policy === null || Array.isArray(policy)) return 'dropout must be an object such as { then: "bot" }';
  const o = policy as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !["then", "seatBack", "message"].includes(k));
  if (unknown) return `unknown dropout option ${unknown} (then, seatBack, message)`;
  if (o.then !== "fewer" && o.then !== "bot" && o.then !== "endGroup") return `dropout then must be "fewer", "bot" or "endGroup", not ${JSON.stringify(o.then)}`;
  if (o.seatBack !== undefined && typeof o.seatBack !== "boolean") return "dropout seatBack must be true or false";
  if (o.seatBack && o.then !== "bot") return 'seatBack is for then: "bot" (a seat a bot keeps warm)';
  if (o.message !== undefined && (typeof o.message !== "string" || o.then !== "endGroup")) return 'dropout message is a text, for then: "endGroup"';
  return null;
}
