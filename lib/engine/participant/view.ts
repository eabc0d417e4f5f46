import type { AppDef, PageContext, PageDef } from "../../experiment/index.ts";
import { parseEntry, pathOf } from "../../experiment/page-order.ts";
import type { Db } from "../../store/db.ts";
import { pageContext, type PlayerWithSession } from "../core/hook-context.ts";
import { findPlayer, orderOf, pageAt } from "../core/position.ts";
import { pendingFormAt } from "./pending-form.ts";
import { END_MESSAGE_KEY } from "./wait-timeouts.ts";
import { fieldValueColumn, type PendingFormState } from "../../store/columns.ts";
import { qualityOf } from "../quality/settings.ts";
import type { Locale } from "../../i18n/index.ts";
import { participantLocale } from "../../project.ts";

/** What the participant's address shows right now, and the language it is shown in. */
export type ParticipantView = ViewKind & { locale: Locale };

type ViewKind =
  | { kind: "paused" }
  /** `error`: the last start failed (a hook threw); the page must not retry by itself */
  | { kind: "start"; error: string | null }
  /** `message`: what a wait's { end } fallback said (null: the ordinary end) */
  | { kind: "end"; message: string | null }
  | { kind: "missing"; path: string }
  | {
      kind: "page";
      app: AppDef;
      page: PageDef;
      path: string;
      position: number;
      /** read-only: render functions read, hooks write */
      context: PageContext;
      /** whether to show a Back button */
      canGoBack: boolean;
      /** whether the page's script records data-quality signals (the config's quality.signals) */
      signals: boolean;
      /** the page's time limit: milliseconds left (0 when past), or null */
      remainingMs: number | null;
      /** on a wait page: milliseconds since the player arrived there (else null) */
      waitedMs: number | null;
      pending: PendingFormState | null;
    };

/**
 * Reads the participant's current page. Changes nothing: only POSTs move a participant.
 * `behindPause`: the page under the Paused page (the admin's read-only view; admins see everything).
 */
export async function getParticipantView(db: Db, sname: string, pname: string, options: { behindPause?: boolean; acceptLanguage?: string | null } = {}): Promise<ParticipantView> {
  const p = await findPlayer(db, sname, pname);
  const locale = participantLocale(p.session.config, options.acceptLanguage);
  return { ...(await viewOf(db, p, locale, options.behindPause ?? false)), locale };
}

async function viewOf(db: Db, p: PlayerWithSession, locale: Locale, behindPause: boolean): Promise<ViewKind> {
  if (!p.session.active && !behindPause) return { kind: "paused" };
  if (p.position < 0) return { kind: "start", error: pendingFormAt(p, -1)?.pageErrors[0] ?? null };
  const order = orderOf(p);
  if (p.position >= order.length) return { kind: "end", message: await endMessage(db, p.id) };
  const current = pageAt(order, p.position);
  if (!current) return { kind: "missing", path: pathOf(parseEntry(order[p.position]!)) };
  const [context, [remainingMs, waitedMs]] = await Promise.all([
    pageContext(db, p, order, p.position, null, null),
    // Read for untimed pages too: an admin can give any page a deadline (Adjust time). A wait
    // page's time waited after it, on the same connection's turn (no more connections per page).
    remaining(db, p.id, p.position).then(async (left) => [left, current.page.wait ? await waited(db, p.id, p.position) : null] as const),
  ]);
  const pending = pendingFormAt(p, p.position);
  const canGoBack = !!current.page.allowBack && order.slice(0, p.position).some((_, i) => pageAt(order, i) !== undefined);
  // The render gets the page's language as this request chose it (a config may follow the browser).
  return { kind: "page", app: current.app, page: current.page, path: current.path, position: p.position, context: { ...context, locale }, canGoBack, signals: qualityOf(p.session.config).signals, remainingMs, waitedMs, pending };
}

async function remaining(db: Db, playerId: number, position: number): Promise<number | null> {
  const deadline = await db.deadline.findUnique({ where: { playerId_position: { playerId, position } } });
  // A fired deadline (the player came back, or its hook failed) no longer counts down.
  return deadline && deadline.firedAt === null ? Math.max(0, deadline.dueAt.getTime() - Date.now()) : null;
}

/** How long the player has been on the wait page at `position` (since the visit began). */
async function waited(db: Db, playerId: number, position: number): Promise<number> {
  const visit = await db.pageVisit.findFirst({ where: { playerId, position, leftAt: null }, orderBy: { enteredAt: "desc" }, select: { enteredAt: true } });
  return visit ? Math.max(0, Date.now() - visit.enteredAt.getTime()) : 0;
}

/** The message a wait's { end } fallback left for the end page, if any. */
async function endMessage(db: Db, playerId: number): Promise<string | null> {
  const row = await db.fieldValue.findUnique({ where: { ownerKind_ownerId_key: { ownerKind: "player", ownerId: playerId, key: END_MESSAGE_KEY } }, select: { value: true } });
  const value = row ? fieldValueColumn.read(row.value) : undefined;
  return typeof value === "string" ? value : null;
}
