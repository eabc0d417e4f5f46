import type { PlayerApi, SessionApi } from "./app.ts";
import type { Rng } from "./field-random.ts";
import type { JsonValue } from "./fields.ts";

/**
 * Bot tests: cases an app ships (`tests` in defineApp) that `npm run sprout -- test CONFIG`
 * plays with several bots at once against a throwaway server and database, like oTree's
 * tests.py. A failed expectation, a refused submission or a crashing hook fails the case.
 */

/** Checks a bot test makes; each failure ends the case with the message. */
export interface BotExpect {
  /** Fails unless `actual` equals `expected` (deep equality of JSON values). */
  (actual: unknown, expected: unknown, what?: string): void;
}

/** What a bot test's page script gets: the page as the participant sees it, and checks. */
export interface BotTestPageContext {
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
   * them (and shows `message`, when given). @example mustFail({ age: 3 }, "at least 16")
   */
  mustFail(values: Record<string, JsonValue>, message?: string): void;
}

/**
 * What a bot does on one page of a case: its checks, and the values it submits (fields left
 * out get the app's bot script's or random valid values).
 */
export type BotTestPage = (ctx: BotTestPageContext) => Record<string, JsonValue> | void | Promise<Record<string, JsonValue> | void>;

/** One named bot test. @example { players: 2, pages: { Decide: ({ playerIndex }) => ({ cooperate: playerIndex === 0 }) }, check: async ({ players, expect }) => expect(await players[0]!.get("payoff"), 0) } */
export interface BotTestCase {
  /** How many bots play (default: the command's -n, else the app's suggestedMultiple). */
  readonly players?: number;
  /** By page name: what the bots check and enter there. */
  readonly pages?: Readonly<Record<string, BotTestPage>>;
  /** After every bot reached the end: checks on what is stored. */
  readonly check?: (ctx: { players: PlayerApi[]; session: SessionApi; expect: BotExpect }) => void | Promise<void>;
}
