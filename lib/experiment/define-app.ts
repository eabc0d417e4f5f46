import { dropoutPolicyProblem } from "./dropout-policy.ts";
import { chatProblem } from "./chat.ts";
import { fieldProblem } from "./field-check.ts";
import type { AppDef, AppOptions, PageItem, WaitFallback, WaitTimeout } from "./app.ts";
import type { Field } from "./fields.ts";
import { jsonProblemOf } from "./json-check.ts";

/** Names the engine keeps for its own state; fields cannot use them. */
export const RESERVED_FIELD_NAMES = new Set([
  "id", "name", "index", "label", "position", "pageOrder", "app", "round", "started", "initialized", "dropout",
  "group", "memberIndex", "config", "apps", "settings", "description", "active", "testing", "session", "player", "codeVersion",
]);

export class AppDefinitionError extends Error {
  constructor(app: string, where: string, problem: string) {
    super(`App "${app}"${where ? `, ${where}` : ""}: ${problem}`);
    this.name = "AppDefinitionError";
  }
}

const APP_NAME = /^[a-z][a-z0-9_]*$/;
const PAGE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const OPERATORS = new Set(["rounds", "repeat", "random", "between", "bracket"]);

/** Defines an app and checks it, so mistakes stop the start with a message naming the place. */
export function defineApp(options: AppOptions): AppDef {
  const app: AppDef = { description: "", suggestedMultiple: 1, constants: {}, bots: {}, ...options };
  const fail = (where: string, problem: string): never => {
    throw new AppDefinitionError(String(app.name), where, problem);
  };
  if (typeof app.name !== "string" || !APP_NAME.test(app.name)) fail("", "the name must be lowercase letters, digits and _, starting with a letter");
  if (!Number.isInteger(app.suggestedMultiple) || app.suggestedMultiple < 1) fail("", "suggestedMultiple must be a whole number of at least 1");
  const constantsProblem = jsonProblemOf(app.constants, "constants");
  if (constantsProblem) fail("", constantsProblem);
  if (!Array.isArray(app.pages)) fail("", "pages must be a list");

  const names = new Set<string>();
  /** Form field name → its page's name, for the `stored` declarations (a field is declared once). */
  const pageFields = new Map<string, string>();
  const betweens = new Set<string>();
  const waitTimeouts: [string, "group" | "sync", WaitTimeout, number][] = [];
  const walk = (items: readonly PageItem[], inside: string[]) => {
    for (const item of items) {
      const kind = (item as { kind?: unknown })?.kind;
      if (kind === "page" || kind === "logic") {
        const p = item as Extract<PageItem, { kind: "page" | "logic" }>;
        const where = `page "${p.name}"`;
        if (typeof p.name !== "string" || !PAGE_NAME.test(p.name)) fail(where, "page names are letters, digits and _, starting with a letter");
        if (names.has(p.name)) fail(where, "two pages have this name");
        names.add(p.name);
        if (p.kind === "logic") {
          if (typeof p.run !== "function") fail(where, "a logic page needs a run hook");
          continue;
        }
        if (p.timeout !== undefined && typeof p.timeout !== "function" && !(typeof p.timeout === "number" && p.timeout > 0 && Number.isFinite(p.timeout))) {
          fail(where, `timeout must be a number of seconds above 0 (or a function), not ${JSON.stringify(p.timeout)}`);
        }
        if (p.minSeconds !== undefined && !(typeof p.minSeconds === "number" && p.minSeconds > 0 && Number.isFinite(p.minSeconds))) {
          fail(where, `minSeconds must be a number of seconds above 0, not ${JSON.stringify(p.minSeconds)}`);
        }
        if (p.wait) {
          if (Object.keys(p.fields).length > 0) fail(where, "a wait page cannot have fields");
          if (p.wait.kind === "group" && (!Number.isInteger(p.wait.size) || p.wait.size < 1)) fail(where, `the group size must be a whole number of at least 1, not ${p.wait.size}`);
          if (p.wait.kind === "sync" && p.wait.scope !== "group" && p.wait.scope !== "session") fail(where, 'scope must be "group" or "session"');
          if (p.timeout !== undefined || p.onTimeout) fail(where, "a wait page's time limit is its wait's timeout, with a fallback (groupingWait/syncWait({ timeout: { seconds, then } }))");
          if (p.wait.kind === "group") {
            const w = p.wait;
            if (w.groupBy !== undefined && typeof w.groupBy !== "function") fail(where, "groupBy must be a function ({ waiting, ... }) => players or null");
            if (w.roles !== undefined && (!Array.isArray(w.roles) || w.roles.length !== w.size || w.roles.some((r) => typeof r !== "string" || r === ""))) {
              fail(where, `roles must list ${w.size} role names, one per member, not ${JSON.stringify(w.roles)}`);
            }
            if (w.rematch !== undefined && !["partner", "stranger", "perfectStranger"].includes(w.rematch)) fail(where, `rematch must be "partner", "stranger" or "perfectStranger", not ${JSON.stringify(w.rematch)}`);
            if (w.rematch !== undefined && !inside.includes("rounds") && !inside.includes("repeat")) fail(where, "rematch is for a grouping page inside rounds() or repeat()");
            if (w.groupBy && (w.rematch === "stranger" || w.rematch === "perfectStranger")) fail(where, "groupBy and rematch do not go together: the rule decides every round's groups (read who met whom in it)");
            if (w.groupBy && w.timeout?.then === "smallerGroup") fail(where, 'a smaller group would break the groupBy rule: use "proceed", { moveTo } or { end } as the timeout\'s fallback');
          }
          if (p.wait.timeout !== undefined) waitTimeouts.push([where, p.wait.kind, p.wait.timeout, p.wait.kind === "group" ? p.wait.size : 0]);
        }
        if (p.chat !== undefined) {
          const problem = chatProblem(p.chat);
          if (problem) fail(where, problem);
        }
        for (const [m, method] of Object.entries(p.live ?? {})) {
          if (!FIELD_NAME.test(m)) fail(`${where}, live method "${m}"`, "method names are letters, digits and _, starting with a letter");
          if (typeof method?.run !== "function" || typeof (method.input as { safeParse?: unknown })?.safeParse !== "function") {
            fail(`${where}, live method "${m}"`, "make it with live(zodSchema, run)");
          }
        }
        for (const [f, field] of Object.entries(p.fields)) {
          const at = `${where}, field "${f}"`;
          if (!FIELD_NAME.test(f)) fail(at, "field names are letters, digits and _, starting with a letter");
          if (RESERVED_FIELD_NAMES.has(f)) fail(at, "this name is reserved by Sprout");
          const problem = fieldProblem(field);
          if (problem) fail(at, problem);
          pageFields.set(f, p.name);
        }
        continue;
      }
      if (typeof kind !== "string" || !OPERATORS.has(kind)) fail("pages", `${JSON.stringify(kind ?? item)} is neither a page nor a page-order operator`);
      const op = item as Extract<PageItem, { items: unknown }>;
      if (op.items.length === 0) fail(`${op.kind}()`, "needs at least one page");
      if (op.kind === "rounds" && (!Number.isInteger(op.n) || op.n < 1)) fail("rounds()", `the number of rounds must be a whole number of at least 1, not ${op.n}`);
      if (op.kind === "rounds" && inside.includes("repeat")) fail("rounds()", "rounds() cannot be inside repeat(): both number the rounds, so the passes could not be told apart");
      if (op.kind === "between" && op.conditions !== undefined && op.name === undefined) fail("between()", "between({ conditions }) needs a name: the player field that keeps the condition");
      if (op.kind === "between" && op.name !== undefined) {
        const at = `between("${String(op.name)}")`;
        if (typeof op.name !== "string" || !FIELD_NAME.test(op.name)) fail(at, "the name is the player field that keeps the condition: letters, digits and _, starting with a letter");
        if (RESERVED_FIELD_NAMES.has(op.name)) fail(at, "this name is reserved by Sprout");
        if (betweens.has(op.name)) fail(at, "two named between()s have this name");
        betweens.add(op.name);
        for (const c of op.conditions ?? []) if (!FIELD_NAME.test(c)) fail(at, `condition "${c}": names are letters, digits and _, starting with a letter`);
        if (op.assign !== undefined && op.assign !== "balanced" && op.assign !== "random") fail(at, `assign must be "balanced" or "random", not ${JSON.stringify(op.assign)}`);
        if (inside.includes("repeat")) fail(at, "a named between() cannot be inside repeat() (its condition is fixed when the player starts)");
      }
      if (op.kind === "repeat") {
        if (inside.length > 0) fail("repeat()", `repeat() cannot be inside ${inside.at(-1)}(): put it directly in the app's pages`);
        if (typeof op.while !== "function") fail("repeat()", "needs a while hook");
        if (!Number.isInteger(op.max) || op.max < 1) fail("repeat()", "max must be a whole number of at least 1");
      }
      walk(op.items, [...inside, op.kind]);
    }
  };
  walk(app.pages, []);
  for (const [where, kind, timeout, size] of waitTimeouts) {
    const problem = waitTimeoutProblem(kind, timeout, names) ?? (timeout.minSize !== undefined && timeout.minSize > size ? `minSize (${timeout.minSize}) cannot be above the group size (${size})` : null);
    if (problem) fail(where, problem);
  }
  storedProblems(app.stored, pageFields, fail);
  for (const page of Object.keys(app.bots)) if (!names.has(page)) fail(`bots.${page}`, "there is no page with this name");
  for (const page of Object.keys(app.botLive ?? {})) if (!names.has(page)) fail(`botLive.${page}`, "there is no page with this name");
  if (app.tests !== undefined && typeof app.tests !== "function") fail("tests", 'must load the tests file: tests: () => import("./bot-tests")');
  for (const [name, handler] of Object.entries(app.dropoutHandlers ?? {})) if (typeof handler !== "function") fail(`dropoutHandlers.${name}`, "must be a function");
  if (app.dropout !== undefined) {
    const problem = dropoutPolicyProblem(app.dropout);
    if (problem) fail("dropout", problem);
  }
  if (app.roles !== undefined) {
    if (!Array.isArray(app.roles) || app.roles.some((r) => typeof r !== "string" || r.trim() === "")) fail("roles", "must be a list of names, one per member index");
    if (new Set(app.roles).size !== app.roles.length) fail("roles", "two roles have the same name");
  }
  for (const [name, exported] of Object.entries(app.exports ?? {})) {
    const where = `exports.${name}`;
    if (!FIELD_NAME.test(name)) fail(where, "export names are letters, digits and _, starting with a letter");
    if (typeof exported?.run !== "function") fail(where, "make it with dataExport({ run }) or pipeline({ run })");
    if (exported.input !== undefined && typeof (exported.input as { safeParse?: unknown })?.safeParse !== "function") fail(where, "input must be a zod schema");
  }
  return app;
}

const LEVELS = ["player", "group", "session"] as const;

/** Checks defineApp's `stored`: stored() declarations by level, their names free, their fields well defined. */
function storedProblems(declared: AppDef["stored"], pageFields: ReadonlyMap<string, string>, fail: (where: string, problem: string) => never): void {
  if (declared === undefined) return;
  if (typeof declared !== "object" || declared === null) fail("stored", "must be { player?, group?, session? }, each made with stored({ ... })");
  for (const level of Object.keys(declared)) if (!(LEVELS as readonly string[]).includes(level)) fail(`stored.${level}`, 'fields are stored on "player", "group" or "session"');
  for (const level of LEVELS) {
    const def = declared[level];
    if (def === undefined) continue;
    if (def?.kind !== "stored" || typeof def.fields !== "object" || def.fields === null) fail(`stored.${level}`, "make it with stored({ name: integer({ label }), ... })");
    for (const [f, field] of Object.entries(def.fields)) {
      const at = `stored.${level}, field "${f}"`;
      if (!FIELD_NAME.test(f)) fail(at, "field names are letters, digits and _, starting with a letter");
      if (RESERVED_FIELD_NAMES.has(f)) fail(at, "this name is reserved by Sprout");
      if (level === "player" && pageFields.has(f)) fail(at, `page "${pageFields.get(f)}" asks for this field already: read and write it through that page, get(page, "${f}")`);
      const problem = field?.kind === "json" ? (typeof field.label === "string" && field.label.trim() !== "" ? null : "needs a label") : fieldProblem(field as Field);
      if (problem) fail(at, problem);
    }
  }
}

/** What is wrong with a wait page's timeout, or null (a moveTo names a page of the app: `names`). */
function waitTimeoutProblem(kind: "group" | "sync", t: WaitTimeout, names: ReadonlySet<string>): string | null {
  if (typeof t !== "object" || t === null) return "timeout must be { seconds, then }";
  if (typeof t.seconds !== "number" || !(t.seconds > 0) || !Number.isFinite(t.seconds)) return `the wait's timeout must be a number of seconds above 0, not ${JSON.stringify(t.seconds)}`;
  const fallback = (f: unknown, what: string): string | null => {
    if (f === "proceed") return null;
    if (f === "smallerGroup") return kind === "group" ? null : `${what} "smallerGroup" is for grouping pages (a sync page can "proceed", { moveTo }, or { end })`;
    const o = f as { moveTo?: unknown; end?: unknown } | null;
    if (typeof o === "object" && o !== null && Object.keys(o).length === 1 && typeof o.moveTo === "string") {
      return names.has(o.moveTo) ? null : `${what} { moveTo: ${JSON.stringify(o.moveTo)} }: the app has no page with this name`;
    }
    if (typeof o === "object" && o !== null && Object.keys(o).length === 1 && typeof o.end === "string" && o.end.trim() !== "") return null;
    return `${what} must be "smallerGroup", "proceed", { moveTo: "Page" } or { end: "message" }, not ${JSON.stringify(f)}`;
  };
  const then = fallback(t.then as WaitFallback, "then:");
  if (then) return then;
  if (t.minSize !== undefined && (!Number.isInteger(t.minSize) || t.minSize < 1)) return `minSize must be a whole number of at least 1, not ${JSON.stringify(t.minSize)}`;
  if ((t.minSize !== undefined || t.otherwise !== undefined) && t.then !== "smallerGroup") return 'minSize and otherwise go with then: "smallerGroup"';
  if (t.otherwise !== undefined) {
    if (t.otherwise === ("smallerGroup" as unknown)) return 'otherwise cannot be "smallerGroup"';
    const otherwise = fallback(t.otherwise, "otherwise:");
    if (otherwise) return otherwise;
  }
  if (t.showTimeLeft !== undefined && typeof t.showTimeLeft !== "boolean") return "showTimeLeft must be true or false";
  return null;
}
