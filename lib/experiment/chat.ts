// A page's chat between participants: what the researcher declares (pure; the engine's
// lib/engine/chat/channel.ts stores and delivers the messages).

/**
 * A chat on a page, for the participants on it. `render` places it with the `chat` element
 * of the render context. @example page({ name: "Discuss", chat: { scope: "group", sender: "pseudonym" }, render: ({ chat, fields }) => <>{chat}{fields}</> })
 */
export interface ChatOptions {
  /** Who shares the channel: the player's group (the default) or the whole session. */
  scope?: "group" | "session";
  /**
   * The name the others see beside a message: "pseudonym" (the default: "Player 1", "Player 2", … in the config's language,
   * by member index in a group channel, by the player's place in the session in a session
   * channel) or "label" (the player's label, e.g. a lab seat; the pseudonym where there is none).
   */
  sender?: "pseudonym" | "label";
  /** The most characters in a message (default 500, at most 2000). */
  maxLength?: number;
  /** At most `messages` messages per participant within `seconds` (default 5 in 10). */
  rateLimit?: { messages: number; seconds: number };
}

/** The options with every default filled in. */
export type ChatSettings = Required<ChatOptions>;

export const CHAT_MAX_LENGTH = 2000;

export function chatSettings(options: ChatOptions): ChatSettings {
  return { scope: options.scope ?? "group", sender: options.sender ?? "pseudonym", maxLength: options.maxLength ?? 500, rateLimit: options.rateLimit ?? { messages: 5, seconds: 10 } };
}

const KNOWN = new Set(["scope", "sender", "maxLength", "rateLimit"]);
const wholeAtLeast1 = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 1;

/** What is wrong with a page's chat options (checked at start), or null. */
export function chatProblem(options: unknown): string | null {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return "chat must be an object such as { scope: \"group\" }";
  const o = options as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !KNOWN.has(k));
  if (unknown) return `unknown chat option ${unknown} (scope, sender, maxLength, rateLimit)`;
  if (o.scope !== undefined && o.scope !== "group" && o.scope !== "session") return `chat scope must be "group" or "session", not ${JSON.stringify(o.scope)}`;
  if (o.sender !== undefined && o.sender !== "pseudonym" && o.sender !== "label") return `chat sender must be "pseudonym" or "label", not ${JSON.stringify(o.sender)}`;
  if (o.maxLength !== undefined && !(wholeAtLeast1(o.maxLength) && (o.maxLength as number) <= CHAT_MAX_LENGTH)) return `chat maxLength must be a whole number from 1 to ${CHAT_MAX_LENGTH}, not ${JSON.stringify(o.maxLength)}`;
  if (o.rateLimit !== undefined) {
    const r = o.rateLimit as Record<string, unknown> | null;
    if (typeof r !== "object" || r === null || !wholeAtLeast1(r.messages) || !wholeAtLeast1(r.seconds) || Object.keys(r).length !== 2) return `chat rateLimit must be { messages, seconds } with whole numbers of at least 1, not ${JSON.stringify(o.rateLimit)}`;
  }
  return null;
}
