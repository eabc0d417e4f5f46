import type { ExitDef } from "../../experiment/index.ts";
import { PLACEHOLDER } from "../../experiment/project.ts";
import { getConfig, hasConfig } from "../../project.ts";
import { entryParamsColumn, fieldValueColumn } from "../../store/columns.ts";
import type { Db, Tx } from "../../store/db.ts";
import type { Outcome } from "./outcome.ts";

// Where the end page sends a participant: the config's completion (or, after a screen-out,
// its screenOut) address and code, with the {placeholders} filled from this player.

/** Whether reaching the end is written to the field log: when the config has a completion to send participants to. */
export const completionLogged = (configName: string) => hasConfig(configName) && getConfig(configName).completion !== undefined;

export interface EndExit {
  /** null: the player reached the end before outcomes were kept */
  outcome: Outcome | null;
  /** the address to send them to (http or https), or null */
  url: string | null;
  /** the code to show them, or null */
  code: string | null;
}

type Values = Readonly<Record<string, unknown>>;

const asText = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v));

/** A template with each {name} replaced by its value (`encode` applied), "" for an unknown one. */
export function fillTemplate(template: string, values: Values, encode: (s: string) => string = (s) => s): string {
  return template.replace(PLACEHOLDER, (_, name: string) => encode(asText(Object.hasOwn(values, name) ? values[name] : undefined)));
}

/** The filled address, or null when it is not a plain http(s) one any more (a value cannot turn it into javascript:). */
export function exitUrl(template: string, values: Values): string | null {
  const filled = fillTemplate(template, values, encodeURIComponent);
  try {
    const url = new URL(filled);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

const namesIn = (exit: ExitDef) => [...`${exit.url ?? ""} ${exit.code ?? ""}`.matchAll(PLACEHOLDER)].map((m) => m[1]!);

const PLAYER_SELECT = { id: true, name: true, label: true, outcome: true, entryParams: true, session: { select: { name: true, config: true } } } as const;
type ExitPlayer = { id: number; name: string; label: string; outcome: string | null; entryParams: string | null; session: { name: string; config: string } };

/** For the end page: where this player goes and what code they see (nulls where the config has none). */
export async function endExit(read: Db, sname: string, pname: string): Promise<EndExit> {
  const p = await read.player.findFirst({ where: { name: pname, session: { name: sname } }, select: PLAYER_SELECT });
  const outcome = (p?.outcome ?? null) as Outcome | null;
  if (!p) return { outcome, url: null, code: null };
  return exitOf(read, p, outcome === "screenedOut" ? "screenOut" : "completion");
}

/** Player `id`'s completion or screen-out address and code (the admin's Redirect sends them there). */
export async function exitFor(read: Db | Tx, playerId: number, which: "completion" | "screenOut"): Promise<EndExit> {
  return exitOf(read, await read.player.findUniqueOrThrow({ where: { id: playerId }, select: PLAYER_SELECT }), which);
}

async function exitOf(read: Db | Tx, p: ExitPlayer, which: "completion" | "screenOut"): Promise<EndExit> {
  const outcome = (p.outcome ?? null) as Outcome | null;
  const config = hasConfig(p.session.config) ? getConfig(p.session.config) : undefined;
  const exit = config?.[which];
  if (!exit) return { outcome, url: null, code: null };
  const names = namesIn(exit);
  const fields = names.length === 0 ? [] : await read.fieldValue.findMany({ where: { ownerKind: "player", ownerId: p.id, key: { in: names } }, select: { key: true, value: true } });
  // The player's fields, then their entry parameters, then Sprout's own names win.
  const values: Record<string, unknown> = {
    ...Object.fromEntries(fields.map((f) => [f.key, fieldValueColumn.read(f.value)])),
    ...(p.entryParams === null ? {} : entryParamsColumn.read(p.entryParams)),
    player: p.name,
    session: p.session.name,
    label: p.label,
  };
  return { outcome, url: exit.url === undefined ? null : exitUrl(exit.url, values), code: exit.code === undefined ? null : fillTemplate(exit.code, values) };
}
