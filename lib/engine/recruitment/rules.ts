import type { ConfigDef, EntryDef } from "../../experiment/index.ts";
import { namedBetweens } from "../../experiment/page-order.ts";
import { fieldNamesOf, quotaRules } from "../../experiment/project.ts";
import { getConfig, hasConfig, projectRooms } from "../../project.ts";

// A session's recruitment rules: the entry parameters its links keep and its quotas. A room of
// the project file may declare its own, which then replace the config's for the session while
// it is the room's session (the project check makes sure they fit the room's config).

const roomDefs = new Map(projectRooms());

/** The declaration in force: the room's (project file), else the config's. */
function declared<K extends "entry" | "quota">(key: K, configName: string | null | undefined, room: string | null | undefined): ConfigDef[K] | undefined {
  const fromRoom = room ? roomDefs.get(room)?.[key] : undefined;
  if (fromRoom !== undefined) return fromRoom as ConfigDef[K];
  return configName && hasConfig(configName) ? getConfig(configName)[key] : undefined;
}

/** The entry parameters kept for a session of config `configName` in room `room` (undefined: none). */
export function entryOf(configName: string | null | undefined, room?: string | null): EntryDef | undefined {
  return declared("entry", configName, room);
}

/** A named between() the quotas or the balancing count: its name and conditions. */
export interface Factor {
  name: string;
  conditions: readonly string[];
  assign: "balanced" | "random";
}

export interface Quotas {
  /** most places in all (undefined: no limit) */
  total: number | undefined;
  /** places per condition of each named between() (a condition not listed: no limit) */
  conditions: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** places per value of each entry parameter (a value not listed: no limit) */
  params: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** places per answer of each player field (known only once answered: checked at that submission) */
  fields: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** the config's named between()s, whose conditions are assigned when a player takes their place */
  factors: readonly Factor[];
}

const NONE: Quotas = { total: undefined, conditions: new Map(), params: new Map(), fields: new Map(), factors: [] };

/** The quotas and factors of a session of config `configName` in room `room`. */
export function quotasOf(configName: string | null | undefined, room?: string | null): Quotas {
  if (!configName || !hasConfig(configName)) return NONE;
  const config = getConfig(configName);
  const { total, cells } = quotaRules(declared("quota", configName, room));
  const factors = namedBetweens(config.apps).map((b) => ({ name: b.name, conditions: b.conditions, assign: b.assign ?? "balanced" }));
  const params = entryOf(configName, room)?.params ?? [];
  const conditions = new Map<string, Map<string, number>>();
  const byParam = new Map<string, Map<string, number>>();
  const byField = new Map<string, Map<string, number>>();
  const fields = fieldNamesOf(config.apps);
  for (const [attribute, places] of Object.entries(cells)) {
    // A room's quota names attributes of the room's config; a session of another config in that room ignores the rest.
    if (factors.some((f) => f.name === attribute)) conditions.set(attribute, new Map(Object.entries(places)));
    else if (params.includes(attribute)) byParam.set(attribute, new Map(Object.entries(places)));
    else if (fields.has(attribute)) byField.set(attribute, new Map(Object.entries(places)));
  }
  return { total, conditions, params: byParam, fields: byField, factors };
}

/** Whether taking a place needs the session's lock and counts (any limit, or a balanced factor). */
export const countsPlaces = (q: Quotas): boolean => q.total !== undefined || q.conditions.size > 0 || q.params.size > 0 || q.factors.some((f) => f.assign === "balanced");
