import type { z } from "zod";
import { HookError } from "../engine/core/hook-error.ts";
import { InvalidInputError, isExpectedError } from "../errors.ts";
import { log } from "../log.ts";
import { databaseAwayIn, RETRY_AFTER_S } from "../store/availability.ts";

// Every API answer is JSON; every refusal is { error, ... } with its status.

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(`${JSON.stringify(body)}\n`, { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });
}

export const refuse = (status: number, error: string, headers: Record<string, string> = {}) => json(status, { error }, headers);

/** 422 naming each field: zod's path ("players.0") as the name, its first message as the message. */
export function invalid(issues: readonly z.core.$ZodIssue[], where: "body" | "query" | "params"): Response {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const at = issue.path.map(String);
    // An unknown key (strict objects) is named itself: {"colour": "Unrecognized key"}.
    const names = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...at, k].join(".")) : [at.length ? at.join(".") : where];
    for (const name of names) fields[name] ??= issue.code === "unrecognized_keys" ? "Unknown field" : issue.message;
  }
  const [name, message] = Object.entries(fields)[0]!;
  return json(422, { error: `${name}: ${message}`, fields });
}

/**
 * An error thrown by the engine or a read as the answer: expected ones (404, 409, invalid
 * input as 422 naming its field) with their message; a database away or busy 503; the rest
 * logged and a generic 500.
 */
export function errorAnswer(e: unknown, where: string, bodyField?: string): Response {
  if (e instanceof InvalidInputError) {
    const fields: Record<string, string> = {};
    for (const [name, messages] of Object.entries(e.fieldErrors)) if (messages[0]) fields[name] = messages[0];
    if (Object.keys(fields).length === 0) fields[bodyField ?? "body"] = e.message;
    return json(422, { error: e.message, fields });
  }
  if (isExpectedError(e)) return refuse(e.status, e.message);
  if (e instanceof HookError) return json(422, { error: `${e.message}. Nothing was changed.`, fields: {} });
  if (databaseAwayIn(e)) return refuse(503, "The database is reconnecting; nothing was changed. Try again in a few seconds.", { "retry-after": String(RETRY_AFTER_S) });
  const err = e as { code?: string; message?: string };
  if (err?.code === "P2028" || err?.code === "P2024" || /SQLITE_BUSY|database is locked/.test(err?.message ?? "")) {
    log.warn({ where, err: err.message?.split("\n")[0] }, "busy: answered 503");
    return refuse(503, "The server is very busy; nothing was changed. Try again in a moment.", { "retry-after": "2" });
  }
  log.error({ where, err: e }, "API request failed");
  return refuse(500, "Something went wrong on the server; nothing was changed. The server log has the details.");
}
