import type { DropoutPolicy } from "./dropout-policy.ts";
import type { ChatOptions } from "./chat.ts";
import type { ReactNode } from "react";
import type { ZodType } from "zod";
import type { Rng } from "./field-random.ts";
import type { Field, FieldValue, FieldValues, JsonValue, StoredField } from "./fields.ts";
import type { Locale } from "../i18n/locale.ts";

/** The fields a page or a `stored` declaration declares (its `fields`), for reads typed by their definitions. */
export type FieldsOf<P> = P extends { readonly fields: infer F } ? F : never;

/** What declares fields with their types: a page (its form fields) or an app's `stored` declaration. */
export type FieldSource = { readonly kind: "page"; readonly fields: Readonly<Record<string, Field>> } | StoredDef;

/**
 * Fields an app's code stores (no page asks for them), declared once with their kinds and
 * labels: `get(results, "payoff")` and `set(results, "payoff", 3)` are typed by the declaration,
 * a name it lacks does not compile, and the data dictionary lists them with their labels.
 * Give them to defineApp's `stored` for the level they are kept on.
 */
export interface StoredDef<F extends Readonly<Record<string, StoredField>> = Readonly<Record<string, StoredField>>> {
  readonly kind: "stored";
  readonly fields: F;
}

/**
 * Declares fields the app's code stores. @example const results = stored({ payoff: integer({ label: "Points earned" }) });
 * then `await player.set(results, "payoff", 3)` and `await player.get(results, "payoff")` (a number).
 */
export function stored<const F extends Readonly<Record<string, StoredField>>>(fields: F): StoredDef<F> {
  return { kind: "stored", fields };
}

/**
 * Reading a field typed by what declares it: `get(dilemma, "cooperate")` is a
 * `boolean | undefined` when the page's `cooperate` is a radio of booleans, `get(results,
 * "payoff")` a `number | undefined` for a declared integer, and a field name the page or
 * declaration does not have does not compile. `get("key")` reads any field, untyped.
 */
export interface FieldReads {
  get<P extends FieldSource, K extends keyof FieldsOf<P> & string>(source: P, key: K): Promise<FieldValue<FieldsOf<P>[K]> | undefined>;
  get<T extends JsonValue = JsonValue>(key: string): Promise<T | undefined>;
}

/**
 * Writing a field: `set(results, "payoff", 3)` is checked against the declaration (or the page's
 * field), `set("key", value)` takes any JSON. Recorded in the field log with this code's file:line.
 */
export interface FieldWrites {
  set<P extends FieldSource, K extends keyof FieldsOf<P> & string>(source: P, key: K, value: FieldValue<FieldsOf<P>[K]>): Promise<void>;
  set(key: string, value: JsonValue): Promise<void>;
}

/** A player's or group's fields as one round of the app ended (see inRound). */
export interface RoundView extends FieldReads {}

/** Reading past rounds: the field log keeps every round's values, so nothing needs copying per round. */
export interface RoundHistory {
  /**
   * The fields as round `round` of this app ended (for the round in progress: as they stand
   * now). A round that did not write a field keeps the value an earlier round ended with.
   * @example (await partner.inRound(round!).get<boolean>("cooperate")) === true
   */
  inRound(round: number): RoundView;
  /**
   * The value each round of this app ended with, index 0 for round 1, up to the last round
   * that wrote the field (or the current round). Writes outside rounds() are not part of it.
   * With the page that declares the field, the values are typed by its definition.
   * @example const choices = await player.history(decision, "cooperate"); // [true, false, true]
   */
  history<P extends FieldSource, K extends keyof FieldsOf<P> & string>(source: P, key: K): Promise<(FieldValue<FieldsOf<P>[K]> | undefined)[]>;
  history<T extends JsonValue = JsonValue>(key: string): Promise<(T | undefined)[]>;
}

/** A player as experiment code sees it. Reads and writes go through the field log. */
export interface PlayerApi extends RoundHistory, FieldReads, FieldWrites {
  /** The unguessable name in the participant's URL. */
  readonly name: string;
  /** 0-based order of creation within the session. */
  readonly index: number;
  readonly label: string;
  /**
   * Runs the app's dropout handler `handler` once if this player is away (no page open, no
   * request) for longer than `toleranceSeconds`. Kept in the database: it survives restarts.
   */
  watchForDropout(handler: string, toleranceSeconds: number): Promise<void>;
  /** Marks the player as a dropout (visible in the data and to the admin). */
  markDropout(): Promise<void>;
  /**
   * Moves the player to page `page` of this app (the first one after where they are, else the
   * last before), as if they had reached it: its show, beforeOnce and time limit apply. The
   * move happens when the hook's request has made its own (so a hook can move its own player),
   * in the same transaction; the player's open tabs follow. Recorded as this hook's.
   */
  moveTo(page: string): Promise<void>;
  /** Ends the study for the player (no hooks of the pages left run), like the admin's Move to end. */
  moveToEnd(): Promise<void>;
  /**
   * Ends this player's study early as a screen-out (they do not qualify): the field log records
   * `screenedOut` with the reason, and the player goes straight to the end page, which sends
   * them to the config's screenOut address or shows its code. Call it on the player of the
   * hook's request; another player goes to the end at their own next move.
   */
  screenOut(reason: string): Promise<void>;
}

export interface SessionApi extends FieldReads, FieldWrites {
  readonly name: string;
  readonly config: string;
  /** The session's settings (JSON object), read-only. */
  readonly settings: Readonly<Record<string, JsonValue>>;
  /** Every player of the session, in creation order. */
  players(): Promise<PlayerApi[]>;
  /** Puts these players into a new group (in this order), taking them out of any group they were in. */
  formGroup(players: readonly PlayerApi[]): Promise<GroupApi>;
}

/** A group of players (formed by a groupingWait page or session.formGroup). */
export interface GroupApi extends RoundHistory, FieldReads, FieldWrites {
  /** 1-based order of creation within the session. */
  readonly index: number;
  readonly name: string;
  /** The members, in member order (memberIndex 0, 1, ...). */
  players(): Promise<PlayerApi[]>;
}

/** What every hook and render function receives. */
export interface PageContext {
  player: PlayerApi;
  session: SessionApi;
  /** The session's settings (same as session.settings). */
  settings: Readonly<Record<string, JsonValue>>;
  /** The app's constants. */
  constants: Readonly<Record<string, JsonValue>>;
  /** The round of this page (1, 2, ... inside rounds() or repeat()), null outside. */
  round: number | null;
  /** The player's group, or null before they are grouped. */
  group: GroupApi | null;
  /** The player's position in their group (0, 1, ...), or null. */
  memberIndex: number | null;
  /** The other members of the player's group (none before grouping). */
  others(): Promise<PlayerApi[]>;
  /**
   * The language of the participant's pages ("en", "de", "fr", "es"; the config's `language`),
   * for the app's own texts: `messages.t(locale, "key")` (see defineMessages). Hooks that run
   * without a request (timeouts, group waits) get the config's fixed language, or its fallback
   * where it follows the browser.
   */
  locale: Locale;
}

/** Where a live method's push goes: the calling player, their group, everyone on this page, or named players. */
export type PushTarget = "player" | "group" | "page" | readonly PlayerApi[];

export interface LiveContext extends PageContext {
  /** Sends `data` to the browsers of the target, after the method's writes are stored. */
  push(to: PushTarget, event: string, data: JsonValue): void;
}

/** A method the page's browser code can call over the socket while the player is on the page; it answers R (nothing: null). */
export interface LiveMethod<I = unknown, R extends JsonValue | void = JsonValue | void> {
  /** Checks the arguments on the server (a zod schema); a call that does not fit changes nothing. */
  readonly input: ZodType<I>;
  readonly run: (ctx: LiveContext, input: I) => R | Promise<R>;
}

/** Makes a live method with typed input. @example live(z.object({ price: z.number().positive() }), async ({ group }, { price }) => ...) */
export function live<I, R extends JsonValue | void = JsonValue | void>(input: ZodType<I>, run: (ctx: LiveContext, input: I) => R | Promise<R>): LiveMethod<I, R> {
  return { input, run };
}

/**
 * The page's live methods as a contract the browser code declares (see LiveContract in
 * @/lib/experiment/client): `live: { ... } satisfies LiveMethods<MarketLive>` checks each
 * method's arguments and answer against what `useLive<MarketLive>()` calls with and expects.
 */
export type LiveMethods<C extends Record<string, { input: unknown; result: JsonValue | null }>> = {
  readonly [K in keyof C]: LiveMethod<C[K]["input"], C[K]["result"] | (null extends C[K]["result"] ? void : never)>;
};

/**
 * What happens to a player whose wait timed out:
 * - "smallerGroup" (grouping pages): a group forms from the player and whoever else waits
 *   there now (at least `minSize`; with fewer, `otherwise` applies);
 * - "proceed": on without the others (a grouping page makes a group of one; a sync page lets
 *   the player go on before the others arrive);
 * - { moveTo: "Page" }: to that page of the same app (as if they had reached it);
 * - { end: "message" }: the study ends for them, showing the message.
 */
export type WaitFallback = "smallerGroup" | "proceed" | { readonly moveTo: string } | { readonly end: string };

/** How long a wait page waits, and what then. @example { seconds: 300, then: "smallerGroup", minSize: 2, otherwise: { end: "Sorry, nobody else came." } } */
export interface WaitTimeout {
  /** Seconds from the player's arrival on the page (a reload does not restart it). */
  readonly seconds: number;
  readonly then: WaitFallback;
  /** For "smallerGroup": the fewest players a group may have (default 2). */
  readonly minSize?: number;
  /** For "smallerGroup": what happens when fewer than minSize wait (default "proceed"). */
  readonly otherwise?: Exclude<WaitFallback, "smallerGroup">;
  /** Show the participant the time left as well as how long they have waited (default false). */
  readonly showTimeLeft?: boolean;
}

/** A groupingWait's own rule for who is grouped with whom. @example ({ waiting }) => pairOfBuyerAndSeller(waiting) */
export type GroupByRule = (ctx: PageContext & { waiting: PlayerApi[] }) => readonly PlayerApi[] | null | undefined | Promise<readonly PlayerApi[] | null | undefined>;

/** How groups change between rounds (see groupingWait). */
export type Rematch = "partner" | "stranger" | "perfectStranger";

/** A page that waits for other players. */
export type WaitSpec =
  | {
      kind: "group";
      /** Players per group; groups form from those waiting here, at random. */
      size: number;
      /** Runs once per new group, before its members move on. */
      onGrouped?: (ctx: PageContext & { group: GroupApi }) => void | Promise<void>;
      /** Wait at most this long (the sweep fires it, even with the browser closed). */
      timeout?: WaitTimeout;
      /**
       * Your own rule instead of random groups: asked on each arrival with everyone waiting
       * here (`waiting`, in order of arrival, the arrival last), it returns the `size` players
       * of a group to form now, in member order, or null to wait for more.
       */
      groupBy?: GroupByRule;
      /** Role names by member order (memberIndex 0, 1, ...), stored as each member's "role" when the group forms. */
      roles?: readonly string[];
      /**
       * On a grouping page inside rounds(): "partner" keeps the group of the first round
       * (the default); "stranger" forms new random groups every round; "perfectStranger" new
       * groups of players who have never been grouped together in this app.
       */
      rematch?: Rematch;
    }
  | {
      kind: "sync";
      /** Wait for the player's group, or for every player of the session. */
      scope: "group" | "session";
      /** Runs once, when the last one arrives, before anyone moves on. */
      onAllHere?: (ctx: PageContext) => void | Promise<void>;
      /** Wait at most this long (the sweep fires it, even with the browser closed). */
      timeout?: WaitTimeout;
    };

export interface RenderContext extends PageContext {
  /** The page's form fields, rendered in the order they were declared. */
  fields: ReactNode;
  /** One field by name, to place fields between paragraphs. */
  field: (name: string) => ReactNode;
  /** The page's chat (a page with `chat` options); null on a page without. */
  chat: ReactNode;
}

export interface NewSessionContext {
  session: SessionApi;
  settings: Readonly<Record<string, JsonValue>>;
  constants: Readonly<Record<string, JsonValue>>;
}
export interface NewPlayerContext extends NewSessionContext {
  player: PlayerApi;
}

/**
 * What `validate` may return: nothing (valid), a message or messages for the page, or
 * messages keyed by field name.
 */
export type ValidationResult = void | null | undefined | string | string[] | Record<string, string | string[]>;

type Hook<R = void> = (ctx: PageContext) => R | Promise<R>;

export interface PageDef<F extends Readonly<Record<string, Field>> = Readonly<Record<string, Field>>, N extends string = string> {
  readonly kind: "page";
  /** Unique within the app; shown to the admin and used in page paths "app/Name". Kept as its literal type, so bot tests know the page by name (BotTests). */
  readonly name: N;
  /** The heading and the browser tab's title; defaults to the name made readable ("WaitForPartner" → "Wait for partner"). */
  readonly title?: string;
  readonly fields: F;
  /** The page body. Without it the page shows its fields. Render reads; it must not write. */
  readonly render?: (ctx: RenderContext) => ReactNode | Promise<ReactNode>;
  /** Skip the page when this returns false (evaluated when the participant would reach it). */
  readonly show?: Hook<boolean>;
  /** Runs once per page position, when the participant reaches the page (before it is shown). */
  readonly beforeOnce?: Hook;
  /** Runs once per page position, after a valid submission, before the participant moves on. */
  readonly afterOnce?: Hook;
  /**
   * Rules across fields, after each field passed its own checks; `values` are typed by the
   * fields (a method, so a page with its own fields is still a PageDef).
   */
  validate?(values: FieldValues<F>, ctx: PageContext): ValidationResult | Promise<ValidationResult>;
  /**
   * What a bot enters here (fields left out get random valid values), typed by the fields;
   * the app's `bots` entry for the page, when there is one, is used instead.
   * @example bot: ({ round }) => ({ cooperate: round === 1 })
   */
  bot?(ctx: BotScriptContext): Partial<FieldValues<F>> | void;
  /** Show a Back button that returns to the previous shown page (nothing is saved). */
  readonly allowBack?: boolean;
  /** Show the player's stored values in the inputs (e.g. when they come back). */
  readonly prefill?: boolean;
  /** Methods the page's browser code may call (see live()). Each has its own input type. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked per method by its schema
  readonly live?: Readonly<Record<string, LiveMethod<any>>>;
  /** Makes this a wait page (see groupingWait, syncWait). */
  readonly wait?: WaitSpec;
  /** A chat between the participants on the page (their group or the whole session); `render` places it as `chat`. */
  readonly chat?: ChatOptions;
  /**
   * Seconds the participant has for this page, counted from when they first reach it (a
   * reload does not restart it). At zero the page submits itself; the server moves the player
   * on even with the browser closed. A function may decide per player (null: no limit).
   */
  readonly timeout?: number | ((ctx: PageContext) => number | null | Promise<number | null>);
  /** Runs once when the time is up, before the player moves on. */
  readonly onTimeout?: Hook;
  /** Fewest seconds a participant should spend here: a faster submit is flagged "fast" (overrides the config's quality.minSeconds). */
  readonly minSeconds?: number;
}

/** A page that is never shown: its `run` hook runs once when the participant passes it. */
export interface LogicDef {
  readonly kind: "logic";
  readonly name: string;
  readonly show?: Hook<boolean>;
  readonly run: Hook;
}

export interface RoundsOp {
  readonly kind: "rounds";
  readonly n: number;
  readonly items: readonly PageItem[];
}
export interface RepeatOp {
  readonly kind: "repeat";
  /** Asked after each pass with that pass's round: true plays the block again. */
  readonly while: Hook<boolean>;
  /** The most passes, whatever `while` says (a guard against endless loops). */
  readonly max: number;
  readonly items: readonly PageItem[];
}
export interface RandomOp {
  readonly kind: "random";
  readonly items: readonly PageItem[];
}
export interface BetweenOp {
  readonly kind: "between";
  readonly items: readonly PageItem[];
  /**
   * A named between() is a between-subjects factor: each participant gets one condition,
   * chosen when they take their place in the study, kept in the player field of this name and
   * the same wherever the between() repeats (inside rounds()). Unnamed: chosen independently
   * at random each time it appears.
   */
  readonly name?: string;
  /** The conditions' names, one per item (named between() only). */
  readonly conditions?: readonly string[];
  /** "balanced" (default): the least-filled condition, ties at random; "random": each condition equally likely. */
  readonly assign?: BetweenAssign;
}
/** How a named between() picks a participant's condition; see BetweenOp. */
export type BetweenAssign = "balanced" | "random";
/** A named between(): its name (the player field that keeps the condition), its conditions, and how they are assigned. */
export interface BetweenOptions {
  readonly name: string;
  /** Condition name to the pages shown in it (a list becomes a bracket). */
  readonly conditions: Readonly<Record<string, PageItem | readonly PageItem[]>>;
  readonly assign?: BetweenAssign;
}
export interface BracketOp {
  readonly kind: "bracket";
  readonly items: readonly PageItem[];
}
export type Operator = RoundsOp | RepeatOp | RandomOp | BetweenOp | BracketOp;
export type PageItem = PageDef | LogicDef | Operator;

export type PageOptions<F extends Readonly<Record<string, Field>> = Readonly<Record<string, Field>>> = Omit<PageDef<F>, "kind" | "fields"> & { fields?: F };

/**
 * A page shown to the participant. Its fields type `validate`, `bot` and `player.get(page, key)`.
 * @example page({ name: "Hello", fields: { age: integer({ label: "Age" }) } })
 */
export function page<const F extends Readonly<Record<string, Field>> = {}, const N extends string = string>(options: PageOptions<F> & { name: N }): PageDef<F, N> {
  return { kind: "page", ...options, fields: options.fields ?? ({} as F) };
}

/**
 * A page where players wait until enough of them are there to form a group of `size`; each
 * new group gets random members. With `timeout`, a player waits at most that long and then
 * meets its fallback. @example groupingWait({ name: "Matching", size: 2, timeout: { seconds: 300, then: "proceed" } })
 */
export function groupingWait(options: {
  name: string;
  size: number;
  title?: string;
  onGrouped?: Extract<WaitSpec, { kind: "group" }>["onGrouped"];
  render?: PageDef["render"];
  timeout?: WaitTimeout;
  groupBy?: GroupByRule;
  roles?: readonly string[];
  rematch?: Rematch;
}): PageDef {
  const { name, title, render, size, onGrouped, ...rest } = options;
  return page({ name, title: title ?? "Please wait", render, wait: { kind: "group", size, onGrouped, ...rest } });
}

/** A group-scoped sync page's hook: the player is in a group (without one the page does not wait, and the hook does not run). */
type GroupHook = (ctx: PageContext & { group: GroupApi; memberIndex: number }) => void | Promise<void>;
type SyncOptions = { name: string; title?: string; render?: PageDef["render"]; timeout?: WaitTimeout };

/**
 * A page where players wait until everyone of their group (or session) has reached it;
 * onAllHere runs once, then all move on together. In a group's wait (the default), onAllHere
 * gets the group (not null). @example syncWait({ name: "Sync", onAllHere: payoffs })
 */
export function syncWait(options: SyncOptions & { scope?: "group"; onAllHere?: GroupHook }): PageDef;
export function syncWait(options: SyncOptions & { scope: "session"; onAllHere?: (ctx: PageContext) => void | Promise<void> }): PageDef;
export function syncWait(options: SyncOptions & { scope?: "group" | "session"; onAllHere?: GroupHook | ((ctx: PageContext) => void | Promise<void>) }): PageDef {
  return page({
    name: options.name,
    title: options.title ?? "Please wait",
    render: options.render,
    wait: { kind: "sync", scope: options.scope ?? "group", onAllHere: options.onAllHere as Extract<WaitSpec, { kind: "sync" }>["onAllHere"], ...(options.timeout ? { timeout: options.timeout } : {}) },
  });
}

/** A page that only runs code. @example logic({ name: "Payoff", run: async ({ player }) => player.set("payoff", 10) }) */
export function logic(options: Omit<LogicDef, "kind">): LogicDef {
  return { kind: "logic", ...options };
}

/** Plays the pages n times; `round` counts 1..n. @example rounds(3, page({ name: "Decide" }), page({ name: "Result" })) */
export const rounds = (n: number, ...items: PageItem[]): RoundsOp => ({ kind: "rounds", n, items });

/** Plays the pages again while `while` says so (round 1, 2, ...), at most `max` times (default 100). @example repeat({ while: async ({ player }) => (await player.get("again")) === true }, page({ name: "Guess" })) */
export const repeat = (options: { while: Hook<boolean>; max?: number }, ...items: PageItem[]): RepeatOp => ({
  kind: "repeat",
  while: options.while,
  max: options.max ?? 100,
  items,
});

/** Shows the pages (or brackets) in an order shuffled for each player. @example random(page({ name: "A" }), page({ name: "B" })) */
export const random = (...items: PageItem[]): RandomOp => ({ kind: "random", items });

/**
 * Shows exactly one of the pages (or brackets) to each player. Unnamed, it is chosen at random
 * each time; named, it is a condition the player keeps, assigned to the least-filled condition
 * (participants in progress and finished count; dropouts and screen-outs do not; ties at random),
 * and quotas can count its conditions.
 * @example between(bracket(treatmentA, resultA), bracket(treatmentB, resultB))
 * @example between({ name: "treatment", conditions: { control: [ControlTask], bonus: [BonusTask] } })
 */
export function between(options: BetweenOptions): BetweenOp;
export function between(...items: PageItem[]): BetweenOp;
export function between(...args: (PageItem | BetweenOptions)[]): BetweenOp {
  const first = args[0] as Partial<BetweenOptions> & { kind?: unknown };
  if (args.length === 1 && first !== null && typeof first === "object" && first.kind === undefined && "conditions" in first) {
    const entries = Object.entries((first.conditions ?? {}) as BetweenOptions["conditions"]);
    return {
      kind: "between",
      name: first.name,
      conditions: entries.map(([name]) => name),
      items: entries.map(([, item]) => (Array.isArray(item) ? bracket(...(item as PageItem[])) : (item as PageItem))),
      ...(first.assign !== undefined ? { assign: first.assign } : {}),
    };
  }
  return { kind: "between", items: args as PageItem[] };
}

/** Keeps pages together as one unit inside random() and between(). */
export const bracket = (...items: PageItem[]): BracketOp => ({ kind: "bracket", items });

/** What a bot script gets. */
export interface BotScriptContext {
  round: number | null;
  rng: Rng;
  playerIndex: number;
}

/** Values a bot submits on a page; fields it leaves out get random valid values. */
export type BotScript = (ctx: BotScriptContext) => Record<string, JsonValue> | void;

/** What a bot does on a page with live methods before it submits: calls them like the page's browser code. */
export type BotLiveScript = (ctx: { call: (method: string, args?: JsonValue) => Promise<JsonValue>; rng: Rng; round: number | null }) => Promise<void>;

/**
 * An app's bot tests by name, typed by its pages `P` (a union of page types): each case's page
 * scripts enter values of their fields' types. @example export default { ... } satisfies BotTests<typeof decide>;
 */
export type BotTests<P = never> = Readonly<Record<string, BotTestCase<P>>>;

/**
 * Bot tests: cases an app ships (`tests` in defineApp) that `npm run sprout -- test CONFIG`
 * plays with several bots at once against a throwaway server and database, like oTree's
 * tests.py. A failed expectation, a refused submission or a crashing hook fails the case.
 */

/** Checks a bot test makes; each failure ends the case with the message. */
export interface BotExpect {
  /**
   * Fails unless `actual` equals `expected` (deep equality of JSON values). `expected` must be
   * of `actual`'s type: `expect(await p.get(results, "payoff"), "3")` does not compile.
   */
  <T>(actual: T, expected: NoInfer<T>, what?: string): void;
}

/** What a bot enters on a page with fields `F`: some of its fields, each a value of the field's type. */
export type BotValues<F> = Partial<FieldValues<F>>;
/** A submission that must be refused: the page's field names, any values (wrong types included). */
export type RefusedValues<F> = { readonly [K in keyof F]?: JsonValue };

/** What a bot test's page script gets: the page as the participant sees it, and checks. */
export interface BotTestPageContext<F = Readonly<Record<string, Field>>> {
  readonly round: number | null;
  /** The bot's player: 0, 1, ... in the session's order. */
  readonly playerIndex: number;
  readonly rng: Rng;
  /** The page's text as the participant sees it (markup removed, spaces collapsed). */
  readonly text: string;
  /** The bot's player, read-only: its stored fields (get, inRound, history). */
  readonly player: PlayerApi;
  /** Fails the case unless the page shows `text`. */
  sees(text: string): void;
  /** Fails the case when the page shows `text`. */
  doesNotSee(text: string): void;
  expect: BotExpect;
  /**
   * Before the real submission, submits `values` and fails the case unless the server refuses
   * them (and shows `message`, when given); only the page's field names are allowed.
   * @example mustFail({ age: 3 }, "at least 16")
   */
  mustFail(values: RefusedValues<F>, message?: string): void;
}

/**
 * What a bot does on one page of a case: its checks, and the values it submits (fields left
 * out get the app's bot script's or random valid values), typed by the page's fields `F`.
 */
export type BotTestPage<F = Readonly<Record<string, Field>>> = (ctx: BotTestPageContext<F>) => BotValues<F> | void | Promise<BotValues<F> | void>;

/** The name of a page (its literal type: page({ name: "Decide" }) is a page named "Decide"). */
export type PageNameOf<P> = P extends { readonly kind: "page"; readonly name: infer N extends string } ? N : never;
type FieldsOfPageNamed<P, N> = P extends { readonly kind: "page"; readonly name: N; readonly fields: infer F } ? F : never;

/**
 * The scripts of a case's pages: by page name; the pages `P` (a union of page types, e.g.
 * `typeof decide | typeof survey`) type theirs by their fields, so a field the page lacks or a
 * value of the wrong type does not compile. Pages not in `P` take any values.
 */
export type BotTestPages<P = never> = { readonly [N in PageNameOf<P>]?: BotTestPage<FieldsOfPageNamed<P, N>> } & { readonly [page: string]: BotTestPage | undefined };

/** One named bot test. @example { players: 2, pages: { Decide: ({ playerIndex }) => ({ cooperate: playerIndex === 0 }) }, check: async ({ players, expect }) => expect(await players[0]!.get(results, "payoff"), 0) } */
export interface BotTestCase<P = never> {
  /** How many bots play (default: the command's -n, else the app's suggestedMultiple). */
  readonly players?: number;
  /** By page name: what the bots check and enter there (typed by the pages `P`, see BotTestPages). */
  readonly pages?: BotTestPages<P>;
  /** After every bot reached the end: checks on what is stored. */
  readonly check?: (ctx: { players: PlayerApi[]; session: SessionApi; expect: BotExpect }) => void | Promise<void>;
}

export interface AppDef {
  /** The app's folder-like name: lowercase letters, digits and _. */
  readonly name: string;
  readonly description: string;
  /** Player counts that fit the app (e.g. 2 for pairs); the admin warns about others. */
  readonly suggestedMultiple: number;
  readonly pages: readonly PageItem[];
  /** Values every page and hook of the app can read as `constants`. */
  readonly constants: Readonly<Record<string, JsonValue>>;
  /** Runs once per session, lazily, before the first participant's first page. */
  readonly newSession?: (ctx: NewSessionContext) => void | Promise<void>;
  /** Runs once per player when the participant starts. */
  readonly newPlayer?: (ctx: NewPlayerContext) => void | Promise<void>;
  /** How bots fill pages, by page name (see lib/bots). */
  readonly bots: Readonly<Record<string, BotScript>>;
  /** How bots use pages' live methods, by page name. */
  readonly botLive?: Readonly<Record<string, BotLiveScript>>;
  /**
   * The fields the app's code stores (no page asks for them), by where they are kept, each
   * declared with stored(): reads and writes through the declaration are typed, and the data
   * dictionary lists them with their labels. @example stored: { player: results, group: pot }
   */
  readonly stored?: { readonly player?: StoredDef; readonly group?: StoredDef; readonly session?: StoredDef };
  /**
   * Bot tests by name (see BotTestCase), loaded only when they run (`npm run sprout -- test
   * CONFIG`): the tests file imports the app's pages to type its scripts, so the app must not
   * import it back. @example tests: () => import("./bot-tests")
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case is typed by its own pages (BotTests<typeof page | ...>)
  readonly tests?: () => Promise<{ readonly default: Readonly<Record<string, BotTestCase<any>>> }>;
  /** Named handlers for watchForDropout; each gets the context of the player who dropped out. */
  readonly dropoutHandlers?: Readonly<Record<string, (ctx: PageContext) => void | Promise<void>>>;
  /** What happens to a group when a member drops out: carry on with fewer (the default), a stand-in bot plays the seat, or the group ends. */
  readonly dropout?: DropoutPolicy;
  /** A summary of the session for the researcher (the admin's Digest view). */
  readonly digest?: (ctx: { session: SessionApi }) => ReactNode | Promise<ReactNode>;
  /**
   * Names of the places in a group, by member index (e.g. ["sender", "receiver"]): the per-round
   * downloads show each player's role of each round. @example roles: ["sender", "receiver"]
   */
  readonly roles?: readonly string[];
  /**
   * Named exports and pipelines (see dataExport() and pipeline()): the session's data page and
   * the API list them; each returns rows (downloaded as CSV or JSON Lines) or text.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each export has its own input type, checked by its schema
  readonly exports?: Readonly<Record<string, AppExport<any>>>;
}

/** One row of an app's export: column name → value (lists and objects become JSON text in CSV). */
export type ExportRow = Readonly<Record<string, JsonValue>>;

/** What an app's export or pipeline gets: the session through the hooks' handles, the admin's input (checked by its schema), the app's constants. */
export interface ExportContext<I> {
  readonly session: SessionApi;
  readonly input: I;
  readonly constants: Readonly<Record<string, JsonValue>>;
}

export interface AppExport<I> {
  /** What it gives, for the data page and the API. */
  readonly description: string;
  /** The JSON input the admin gives, checked before it runs; without one it takes none. */
  readonly input?: ZodType<I>;
  /** true for a pipeline: it may change the session (set fields, form groups), as an audited admin action that participants hear of. */
  readonly changes: boolean;
  readonly run: (ctx: ExportContext<I>) => readonly ExportRow[] | string | Promise<readonly ExportRow[] | string>;
}

type ExportOptions<I> = { description?: string; input?: ZodType<I>; run: AppExport<I>["run"] };

/**
 * A read-only export: rows (a CSV or JSON Lines download) or text, computed from the session's
 * data. @example dataExport({ description: "one row per trade", run: async ({ session }) => [...] })
 */
export function dataExport<I = undefined>(options: ExportOptions<I>): AppExport<I> {
  return { description: options.description ?? "", input: options.input, changes: false, run: options.run };
}

/**
 * A pipeline: like dataExport, but it may change the session (its writes are stored in one
 * transaction, audited as the admin's, and the participants' pages refresh).
 * @example pipeline({ input: z.object({ points: z.number() }), run: async ({ session, input }) => ... })
 */
export function pipeline<I = undefined>(options: ExportOptions<I>): AppExport<I> {
  return { ...dataExport(options), changes: true };
}

export type AppOptions = Omit<AppDef, "suggestedMultiple" | "description" | "constants" | "bots"> &
  Partial<Pick<AppDef, "suggestedMultiple" | "description" | "constants" | "bots">>;
