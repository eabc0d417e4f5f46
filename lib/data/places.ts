import { countPlaces, tallyOf } from "../engine/recruitment/places.ts";
import { quotasOf } from "../engine/recruitment/rules.ts";
import type { Db } from "../store/db.ts";

// The session page's Places card: how full the quotas are, per cell, and how the named
// between()s' conditions are filled (places taken: in progress + completed).

export interface PlaceRow {
  /** "all", a named between()'s name, an entry parameter or a page field */
  attribute: string;
  kind: "total" | "condition" | "entry parameter" | "field";
  /** the cell's value ("" for the total) */
  value: string;
  /** places; null: not limited */
  limit: number | null;
  taken: number;
  completed: number;
}

/** The session's places, or null when it has neither quotas nor named between()s. */
export async function sessionPlaces(read: Db, session: { id: number; config: string; room: string | null }): Promise<PlaceRow[] | null> {
  const quotas = quotasOf(session.config, session.room);
  if (quotas.total === undefined && quotas.factors.length === 0 && quotas.params.size === 0 && quotas.fields.size === 0) return null;
  const places = await countPlaces(read, session.id, quotas);
  const rows: PlaceRow[] = [{ attribute: "all", kind: "total", value: "", limit: quotas.total ?? null, taken: places.taken, completed: places.completed }];
  const cells = (attribute: string, kind: PlaceRow["kind"], values: Iterable<string>, limits: ReadonlyMap<string, number> | undefined) => {
    for (const value of values) rows.push({ attribute, kind, value, limit: limits?.get(value) ?? null, ...tallyOf(places, attribute, value) });
  };
  for (const f of quotas.factors) cells(f.name, "condition", f.conditions, quotas.conditions.get(f.name));
  for (const [param, limits] of quotas.params) cells(param, "entry parameter", limits.keys(), limits);
  for (const [field, limits] of quotas.fields) cells(field, "field", limits.keys(), limits);
  return rows;
}
