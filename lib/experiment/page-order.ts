import type { AppDef, BetweenOp, LogicDef, PageDef, PageItem, RepeatOp } from "./app.ts";
import type { Rng } from "./field-random.ts";

/**
 * A player's page order is a list of entries "app/Page" or "app/Page@round", fixed when
 * the player starts: rounds() are unrolled, random() shuffled and between() chosen for that
 * player. repeat() blocks end in a marker "app/#repeatK@round"; when the player passes it,
 * the engine asks the block's `while` and may insert the next pass (see lib/engine).
 */
export interface Entry {
  app: string;
  /** page name, or "#repeatK" for the marker ending pass `round` of the app's K-th repeat() */
  name: string;
  round: number | null;
}

export function formatEntry(e: Entry): string {
  return `${e.app}/${e.name}${e.round === null ? "" : `@${e.round}`}`;
}

export function parseEntry(s: string): Entry {
  const slash = s.indexOf("/");
  const at = s.lastIndexOf("@");
  const round = at > slash ? Number(s.slice(at + 1)) : null;
  return { app: s.slice(0, slash), name: s.slice(slash + 1, at > slash ? at : undefined), round };
}

export const pathOf = (e: Entry) => `${e.app}/${e.name}`;

/** The entry at a position of a page order, or null before the start (-1) and at the end. */
export function entryAt(order: readonly string[], position: number): Entry | null {
  const raw = position >= 0 ? order[position] : undefined;
  return raw === undefined ? null : parseEntry(raw);
}

/** The page path ("app/Page") at a position of a page order, or null before the start and at the end. */
export function pathAt(order: readonly string[], position: number): string | null {
  const entry = entryAt(order, position);
  return entry && pathOf(entry);
}

const REPEAT = /^#repeat(\d+)$/;
/** The index of the repeat() a marker entry ends, or null for a page. */
export function repeatIndexOf(e: Entry): number | null {
  const m = REPEAT.exec(e.name);
  return m ? Number(m[1]) : null;
}

/** The app's repeat() blocks, in order; a marker's K indexes this list. */
export function repeatsOf(app: AppDef): RepeatOp[] {
  return app.pages.filter((i): i is RepeatOp => i.kind === "repeat");
}

/** Every page and logic page of the app, wherever it sits in the operators. */
export function pagesOf(app: AppDef): (PageDef | LogicDef)[] {
  const out: (PageDef | LogicDef)[] = [];
  const walk = (items: readonly PageItem[]) => {
    for (const i of items) {
      if (i.kind === "page" || i.kind === "logic") out.push(i);
      else walk(i.items);
    }
  };
  walk(app.pages);
  return out;
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** A player's conditions: a named between()'s name to the condition they were assigned. */
export type Conditions = Readonly<Record<string, string>>;

/** Every named between() of the apps, in order (the config check makes their names unique). */
export function namedBetweens(apps: readonly AppDef[]): (BetweenOp & { name: string; conditions: readonly string[] })[] {
  const out: (BetweenOp & { name: string; conditions: readonly string[] })[] = [];
  const walk = (items: readonly PageItem[]) => {
    for (const i of items) {
      if (i.kind === "page" || i.kind === "logic") continue;
      if (i.kind === "between" && i.name !== undefined && i.conditions) out.push(i as BetweenOp & { name: string; conditions: readonly string[] });
      walk(i.items);
    }
  };
  for (const app of apps) walk(app.pages);
  return out;
}

/** Expands items into entries for one player; `round` is the innermost round they sit in. */
function expandItems(app: AppDef, items: readonly PageItem[], round: number | null, rng: Rng, conditions: Conditions = {}): string[] {
  return items.flatMap((item) => expandItem(app, item, round, rng, conditions));
}

function expandItem(app: AppDef, item: PageItem, round: number | null, rng: Rng, conditions: Conditions = {}): string[] {
  switch (item.kind) {
    case "page":
    case "logic":
      return [formatEntry({ app: app.name, name: item.name, round })];
    case "bracket":
      return expandItems(app, item.items, round, rng, conditions);
    case "random":
      return shuffle(item.items.map((i) => expandItem(app, i, round, rng, conditions)), rng).flat();
    case "between": {
      // A named between(): the player's assigned condition (the engine assigns it when they take their place).
      const assigned = item.name !== undefined && Object.hasOwn(conditions, item.name) ? (item.conditions ?? []).indexOf(conditions[item.name]!) : -1;
      const chosen = item.items[assigned >= 0 ? assigned : Math.floor(rng() * item.items.length)]!;
      return expandItem(app, chosen, round, rng, conditions);
    }
    case "rounds":
      return Array.from({ length: item.n }, (_, r) => expandItems(app, item.items, r + 1, rng, conditions)).flat();
    case "repeat":
      return repeatPass(app, repeatsOf(app).indexOf(item), 1, rng);
  }
}

/** Pass `round` of the app's K-th repeat(): its pages, then the marker that asks for the next. */
export function repeatPass(app: AppDef, k: number, round: number, rng: Rng): string[] {
  const op = repeatsOf(app)[k]!;
  return [...expandItems(app, op.items, round, rng), formatEntry({ app: app.name, name: `#repeat${k}`, round })];
}

/** The entries an app contributes to a new player's page order. */
export function expandApp(app: AppDef, rng: Rng, conditions: Conditions = {}): string[] {
  return expandItems(app, app.pages, null, rng, conditions);
}

/**
 * How long every new player's page order is, or null when it differs between players or
 * grows while they play: between() choices of unequal length, repeat(). (random() only
 * reorders, so its length is fixed.)
 */
export function fixedOrderLength(apps: readonly AppDef[]): number | null {
  return sumOf(apps.map((app) => fixedLength(app.pages)));
}

function sumOf(lengths: (number | null)[]): number | null {
  return lengths.some((n) => n === null) ? null : lengths.reduce<number>((a, n) => a + n!, 0);
}

const fixedLength = (items: readonly PageItem[]) => sumOf(items.map(fixedItemLength));

function fixedItemLength(item: PageItem): number | null {
  switch (item.kind) {
    case "page":
    case "logic":
      return 1;
    case "bracket":
    case "random":
      return fixedLength(item.items);
    case "rounds": {
      const once = fixedLength(item.items);
      return once === null ? null : once * item.n;
    }
    case "between": {
      const lengths = item.items.map(fixedItemLength);
      return lengths.every((n) => n !== null && n === lengths[0]) ? (lengths[0] ?? 0) : null;
    }
    case "repeat":
      return null;
  }
}
