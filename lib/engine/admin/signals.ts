import { z } from "zod";
import { InvalidInputError, NotFoundError } from "../../errors.ts";
import type { Db } from "../../store/db.ts";
import { sendAfterCommit, type Push } from "../../store/outbox.ts";

/** What can be sent to players' open tabs: a message on screen, a reload, or a redirect. */
export type Signal = { kind: "message"; text: string } | { kind: "reload" } | { kind: "redirect"; url: string };

const ZSignal = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("message"), text: z.string().trim().min(1, "The message is empty").max(5000, "The message is longer than 5000 characters") }),
  z.object({ kind: z.literal("reload") }),
  z.object({
    kind: z.literal("redirect"),
    url: z
      .string()
      .trim()
      .refine((u) => URL.canParse(u) && ["http:", "https:"].includes(new URL(u).protocol), "Redirects go to http:// or https:// addresses only"),
  }),
]);

/** A valid signal, or an InvalidInputError saying what is wrong with it. */
export function parseSignal(signal: Signal): Signal {
  const parsed = ZSignal.safeParse(signal);
  if (!parsed.success) throw new InvalidInputError(parsed.error.issues[0]!.message);
  return parsed.data;
}

/** The push that delivers a (valid) signal to these players' open tabs. */
export function signalPush(playerIds: number[], s: Signal): Push {
  const to = { players: playerIds };
  return s.kind === "message" ? { to, event: "page:message", text: s.text } : s.kind === "reload" ? { to, event: "page:reload" } : { to, event: "page:redirect", url: s.url };
}

/**
 * Sends a signal to every open tab of the named players of a session. Nothing is stored: a
 * participant who is offline gets no message (their page is unchanged by design).
 */
export async function signalPlayers(db: Db, sessionName: string, playerNames: readonly string[], signal: Signal): Promise<{ sent: number }> {
  const valid = parseSignal(signal);
  if (playerNames.length === 0) throw new InvalidInputError("Choose at least one player");
  const players = await db.player.findMany({ where: { session: { name: sessionName }, name: { in: [...playerNames] } }, select: { id: true, name: true } });
  const missing = playerNames.filter((n) => !players.some((p) => p.name === n));
  if (missing.length) throw new NotFoundError(`No player ${missing.map((n) => `"${n}"`).join(", ")} in session "${sessionName}"`);
  sendAfterCommit([signalPush(players.map((p) => p.id), valid)]);
  return { sent: players.length };
}
