import { playerList } from "./player-list.ts";

/** An audit entry as the store keeps it: the action's id and its JSON detail. */
export interface AuditFacts {
  action: string;
  detail: Record<string, unknown>;
}

const MAX_TEXT = 80;
const MAX_KEYS = 4;

/** Text on one line, cut at a length a log line can hold. */
function clip(text: string, max = MAX_TEXT): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Text in quotes, on one line and cut to fit: “Please raise your hand”. */
export const quoted = (text: unknown) => `“${clip(typeof text === "string" ? text : JSON.stringify(text) ?? "")}”`;
const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;
const names = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
const count = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

/** "rounds = 3, greeting = "hi" and 2 more": an object's values, for settings and fields. */
function assignments(value: unknown): string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return clip(JSON.stringify(value) ?? "");
  const entries = Object.entries(value);
  if (entries.length === 0) return "nothing";
  const shown = entries.slice(0, MAX_KEYS).map(([k, v]) => `${k} = ${clip(JSON.stringify(v) ?? "", 30)}`);
  return entries.length > MAX_KEYS ? `${shown.join(", ")} and ${entries.length - MAX_KEYS} more` : shown.join(", ");
}

/** "groups of 3", "pairs", shuffled or in the order chosen. */
function groupsOf(size: number | null, shuffle: unknown): string {
  const groups = size === 2 ? "pairs" : size === null ? "groups" : `groups of ${size}`;
  return shuffle === true ? `${groups}, shuffled` : groups;
}

/** A player action's sentence; `who` names the chosen players. */
function playerSentence(kind: string, d: Record<string, unknown>, who: string): string | null {
  switch (kind) {
    case "advance":
      return `advanced ${who} one page`;
    case "revert":
      return `moved ${who} back one page`;
    case "moveToEnd":
      return `moved ${who} to the end`;
    case "reload":
      return `reloaded the pages of ${who}`;
    case "message":
      return `sent a message to ${who}: ${quoted(d.text)}`;
    case "redirect":
      return `redirected ${who} to ${clip(String(d.url ?? ""))}`;
    case "markDropout":
      return `marked ${who} as dropped out`;
    case "markPaid":
      return `marked ${who} as paid`;
    case "markUnpaid":
      return `took the paid mark off ${who}`;
    case "eraseEntry":
      return `erased the entry parameters (recruitment IDs) of ${who}`;
    case "setFields":
      return `set ${assignments(d.fields)} on ${who}`;
    case "group.same":
      return `grouped ${who} into one group`;
    case "group.bySize":
      return `grouped ${who} into ${groupsOf(count(d.size), d.shuffle)}`;
    case "group.reset":
      return `removed ${who} from their groups`;
    case "runNewPlayer":
      return `ran newPlayer for ${who}`;
    case "adjustTimeout": {
      const seconds = count(d.seconds) ?? 0;
      return seconds >= 0 ? `gave ${who} ${seconds} s more on their page` : `took ${-seconds} s off the time of ${who} on their page`;
    }
    case "chat":
      return `wrote in the chat to ${who}: ${quoted(d.text)}`;
    case "allowReplies":
      return `let ${who} reply in the chat`;
    case "forbidReplies":
      return `stopped ${who} replying in the chat`;
    default:
      return null;
  }
}

function roomSentence(kind: string, d: Record<string, unknown>, room: string): string | null {
  switch (kind) {
    case "create":
      return `created room ${room}`;
    case "update":
      return `changed the settings of room ${room}`;
    case "delete":
      return `deleted room ${room}`;
    case "open":
      return `opened room ${room}`;
    case "close":
      return `closed room ${room}`;
    case "capacity": {
      const capacity = count(d.capacity);
      return capacity === null ? `removed the capacity limit of room ${room}` : `set the capacity of room ${room} to ${capacity}`;
    }
    case "disassociate":
      return `took the session out of room ${room}${d.closed === true ? " and closed the room" : ""}`;
    case "createSession": {
      const assigned = count(d.assigned) ?? 0;
      return `created the session in room ${room}${assigned > 0 ? `, with places for the ${plural(assigned, "participant")} waiting` : ""}${d.fixCapacity === true ? "; the room's capacity is now its players" : ""}`;
    }
    default:
      return null;
  }
}

function sessionSentence(kind: string, d: Record<string, unknown>): string | null {
  switch (kind) {
    case "create": {
      const players = count(d.players) ?? 0;
      return `created the session with ${plural(players, "player")} (config ${String(d.config ?? "?")}${typeof d.room === "string" ? `, room ${d.room}` : ""})`;
    }
    case "pause":
      return "paused the session";
    case "resume":
      return "resumed the session";
    case "markTesting":
      return "marked the session as a test run";
    case "unmarkTesting":
      return "unmarked the session as a test run";
    case "describe":
      return typeof d.description === "string" && d.description !== "" ? `changed the description to ${quoted(d.description)}` : "removed the description";
    case "updateSettings":
      return `changed the settings to ${assignments(d.settings)}`;
    case "updatePayment": {
      const p = (d.payment ?? {}) as Record<string, unknown>;
      return `set the payment to ${String(p.pointValue)} ${String(p.currency)} per point, a fee of ${String(p.fee)} ${String(p.currency)}, rounding ${String(p.rounding)}`;
    }
    case "monitorFields": {
      const fields = names(d.fields);
      return fields.length ? `showed ${fields.join(", ")} as monitor columns` : "removed the monitor's field columns";
    }
    case "runNewSession": {
      const hooks = count(d.hooks) ?? 0;
      return hooks === 0 ? "ran newSession (no app defines it)" : `ran newSession (${plural(hooks, "app")})`;
    }
    default:
      return null;
  }
}

/** Anything without a sentence of its own (an action added later): its id and its values. */
function fallback({ action, detail }: AuditFacts): string {
  const values = Object.entries(detail).map(([k, v]) => `${k} ${clip(JSON.stringify(v) ?? "", 40)}`);
  return values.length > 0 ? `${action}: ${values.join(", ")}` : action;
}

/**
 * What an admin did, as a sentence to put after their name: "paused the session",
 * "grouped alice and bob into pairs", "sent a message to alice: “…”". `labels` maps player
 * names to their labels, for the players the entry names.
 */
export function auditSentence(entry: AuditFacts, labels: ReadonlyMap<string, string> = new Map()): string {
  const d = entry.detail;
  const dot = entry.action.indexOf(".");
  const area = entry.action.slice(0, dot);
  const kind = entry.action.slice(dot + 1);
  let sentence: string | null = null;
  if (area === "players") {
    const chosen = names(d.players);
    sentence = playerSentence(kind, d, playerList(chosen, labels));
    const changed = count(d.changed);
    if (sentence && changed !== null && changed < chosen.length) sentence += ` (${chosen.length - changed} unchanged)`;
  } else if (area === "session") {
    sentence = sessionSentence(kind, d);
  } else if (area === "room") {
    sentence = roomSentence(kind, d, String(d.room ?? "?"));
  } else if (entry.action === "login.revoke") {
    sentence = `revoked a sign-in of ${String(d.of ?? "an admin")}`;
  }
  return sentence ?? fallback(entry);
}

/** Every player name the entries mention, to look their labels up in one query. */
export function playersNamedIn(entries: readonly AuditFacts[]): string[] {
  return [...new Set(entries.flatMap((e) => (e.action.startsWith("players.") ? names(e.detail.players) : [])))];
}
