import { sameSecret } from "../../auth/passwords.ts";
import { NotFoundError } from "../../errors.ts";
import type { Db } from "../../store/db.ts";
import { recordWrites } from "../../store/field-log.ts";
import { transaction } from "../../store/outbox.ts";
import { lockSession } from "../core/groups.ts";
import { checkEntryParams, entryOf, storeEntryParams, type EntryCheck, type EntryQuery } from "../recruitment/entry.ts";
import { claimSlot } from "./slots.ts";
import { recordConditions, takePlace } from "../recruitment/quota.ts";

type SessionwideOutcome =
  | { kind: "player"; pname: string }
  | { kind: "full" }
  /** the link lacks the config's required entry parameters (or garbles one) */
  | { kind: "incomplete"; missing: string[]; invalid: string[] };

async function findSession(read: Db, sname: string, secret: string) {
  const session = await read.session.findUnique({ where: { name: sname }, select: { id: true, secret: true, config: true, room: true } });
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

/** For a GET of the link by a new visitor: whether it carries the entry parameters the session's config requires. */
export async function sessionwideEntry(read: Db, sname: string, secret: string, query: EntryQuery): Promise<EntryCheck> {
  const session = await findSession(read, sname, secret);
  return checkEntryParams(entryOf(session.config, session.room), query);
}

/**
 * A visitor of the sessionwide link /s/<sname>/<secret>/: someone coming back (their
 * browser remembers `returning`) gets their own slot again; anyone else claims the first
 * unstarted, unlabelled slot, in one conditional update (see claimSlot), so two visitors
 * arriving at the same instant never get the same slot.
 */
export async function claimSessionwideSlot(db: Db, read: Db, sname: string, secret: string, returning?: string, query: EntryQuery = {}): Promise<SessionwideOutcome> {
  const session = await findSession(read, sname, secret);
  const mine = await returningSlot(read, session.id, returning);
  if (mine) return { kind: "player", pname: mine };
  const entry = checkEntryParams(entryOf(session.config, session.room), query);
  if (!entry.ok) return { kind: "incomplete", missing: entry.missing, invalid: entry.invalid };
  const claimed = await transaction(db, async (tx, outbox) => {
    if (entry.label !== null) {
      // The config's label parameter: someone coming back with the same ID (another browser,
      // cookies cleared) gets their player again. Under the session's lock, so two arrivals
      // with one ID at the same instant share one slot.
      await lockSession(tx, session.id);
      const known = await tx.player.findFirst({ where: { sessionId: session.id, started: true, label: entry.label }, orderBy: { index: "asc" }, select: { id: true, name: true } });
      if (known) return known;
    }
    // The quotas: every place they could take held (in progress or completed), newcomers find it full.
    const conditions = await takePlace(tx, session, entry.params);
    if (!conditions) return null;
    const slot = await claimSlot(tx, session.id, "", entry.label ?? "");
    if (slot) {
      const by = { byKind: "system" as const, byName: "sessionwide link" };
      if (entry.params) await storeEntryParams(tx, slot.id, entry.params);
      await recordWrites(tx, [{ owner: { kind: "player", id: slot.id, sessionId: session.id }, key: "started", value: true, context: {}, provenance: by }]);
      await recordConditions(tx, session, slot.id, conditions, by);
      outbox.push({ to: { players: [slot.id] }, event: "monitor:changed" });
    }
    return slot;
  });
  if (!claimed) return { kind: "full" };
  return { kind: "player", pname: claimed.name };
}
