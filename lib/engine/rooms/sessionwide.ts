import { sameSecret } from "../../auth/passwords.ts";
import { NotFoundError } from "../../errors.ts";
import type { Db } from "../../store/db.ts";
import { recordWrites } from "../../store/field-log.ts";
import { transaction } from "../../store/outbox.ts";
import { claimSlot } from "./slots.ts";

type SessionwideOutcome = { kind: "player"; pname: string } | { kind: "full" };

async function findSession(read: Db, sname: string, secret: string) {
  const session = await read.session.findUnique({ where: { name: sname }, select: { id: true, secret: true } });
  if (!session || !sameSecret(secret, session.secret)) throw new NotFoundError("This link is not valid. Please check it against the one you were given.");
  return session;
}

/** The slot this link handed to a returning visitor before (their browser remembers its name), if any. */
async function returningSlot(read: Db, sessionId: number, returning: string | undefined) {
  if (!returning) return undefined;
  // Only a slot the link handed out (started) comes back; a cookie naming another is ignored.
  const mine = await read.player.findFirst({ where: { sessionId, name: returning, started: true }, select: { name: true } });
  return mine?.name;
}

/** For a GET of the link: where a returning visitor goes, or null (a new visitor must ask for a slot). */
export async function sessionwideReturn(read: Db, sname: string, secret: string, returning?: string): Promise<string | null> {
  const session = await findSession(read, sname, secret);
  return (await returningSlot(read, session.id, returning)) ?? null;
}

/**
 * A visitor of the sessionwide link /s/<sname>/<secret>/: someone coming back (their
 * browser remembers `returning`) gets their own slot again; anyone else claims the first
 * unstarted, unlabelled slot, in one conditional update (see claimSlot), so two visitors
 * arriving at the same instant never get the same slot.
 */
export async function claimSessionwideSlot(db: Db, read: Db, sname: string, secret: string, returning?: string): Promise<SessionwideOutcome> {
  const session = await findSession(read, sname, secret);
  const mine = await returningSlot(read, session.id, returning);
  if (mine) return { kind: "player", pname: mine };
  const claimed = await transaction(db, async (tx, outbox) => {
    const slot = await claimSlot(tx, session.id, "");
    if (slot) {
      await recordWrites(tx, [
        { owner: { kind: "player", id: slot.id, sessionId: session.id }, key: "started", value: true, context: {}, provenance: { byKind: "system", byName: "sessionwide link" } },
      ]);
      outbox.push({ to: { players: [slot.id] }, event: "monitor:changed" });
    }
    return slot;
  });
  if (!claimed) return { kind: "full" };
  return { kind: "player", pname: claimed.name };
}
