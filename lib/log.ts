import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";
import { env } from "./env.ts";

// The server's log: pino, at LOG_LEVEL. JSON lines (time, level, msg, request id) for log
// collectors, or one readable line per entry on a terminal (LOG_FORMAT). server.ts and the
// Next app are two module graphs in one process: the request context is shared through
// globalThis, so a line logged inside a page or route carries the id of its request.

interface RequestContext {
  reqId: string;
}
const contextKey = Symbol.for("sprout.requestContext");
const holder = globalThis as typeof globalThis & { [contextKey]?: AsyncLocalStorage<RequestContext> };
const requests = (holder[contextKey] ??= new AsyncLocalStorage<RequestContext>());

/** Runs `fn` as part of the request `reqId`: every line it logs carries that id. */
export function inRequest<T>(reqId: string, fn: () => T): T {
  return requests.run({ reqId }, fn);
}

const LEVEL_NAMES: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };

/** One JSON line → `12:00:01.123 INFO  message key=value`: what a person reads in a terminal. */
export function prettyLine(json: string): string {
  const { time, level, msg, err, ...rest } = JSON.parse(json) as { time: string; level: number; msg?: string; err?: { stack?: string; message?: string } } & Record<string, unknown>;
  const at = new Date(time);
  const clock = `${at.toTimeString().slice(0, 8)}.${String(at.getMilliseconds()).padStart(3, "0")}`;
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  const stack = err ? `\n${err.stack ?? err.message}` : "";
  return `${clock} ${(LEVEL_NAMES[level] ?? String(level)).padEnd(5)} ${msg ?? ""}${fields.length ? `  ${fields.join(" ")}` : ""}${stack}\n`;
}

// Synchronous writes: a line is out before the process exits (SIGTERM, a failed start).
const stdout = pino.destination({ dest: 1, sync: true });
const destination = env.LOG_FORMAT === "pretty" ? { write: (line: string) => stdout.write(prettyLine(line)) } : stdout;

export const log = pino(
  {
    level: env.LOG_LEVEL,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const context = requests.getStore();
      return context ? { reqId: context.reqId } : {};
    },
  },
  destination,
);
