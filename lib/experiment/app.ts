import type { ReactNode } from "react";
import type { Field, JsonValue } from "./fields.ts";

/** A player as experiment code sees it. Reads and writes go through the field log. */
export interface PlayerApi {
  /** The unguessable name in the participant's URL. */
  readonly name: string;
  /** 0-based order of creation within the session. */
  readonly index: number;
  readonly label: string;
  get<T extends JsonValue = JsonValue>(key: string): Promise<T | undefined>;
  /** Stores a value (recorded in the field log with this code's file:line). */
  set(key: string, value: JsonValue): Promise<void>;
}

export interface SessionApi {
  readonly name: string;
  readonly config: string;
  /** The session's settings (JSON object), read-only. */
  readonly settings: Readonly<Record<string, JsonValue>>;
  get<T extends JsonValue = JsonValue>(key: string): Promise<T | undefined>;
  set(key: string, value: JsonValue): Promise<void>;
}

export interface NewSessionContext {
  session: SessionApi;
}

export interface NewPlayerContext {
  player: PlayerApi;
  session: SessionApi;
}

export interface RenderContext {
  player: PlayerApi;
  session: SessionApi;
  settings: Readonly<Record<string, JsonValue>>;
  /** The page's form fields, rendered in the order they were declared. */
  fields: ReactNode;
  /** One field by name, to place fields between paragraphs. */
  field: (name: string) => ReactNode;
}

export interface PageDef {
  readonly kind: "page";
  /** Unique within the app; shown to the admin and used in page paths "app/Name". */
  readonly name: string;
  /** The heading (and browser title); defaults to the name. */
  readonly title?: string;
  readonly fields: Readonly<Record<string, Field>>;
  /** The page body. Without it the page shows its fields. Render must not write fields. */
  readonly render?: (ctx: RenderContext) => ReactNode | Promise<ReactNode>;
}

export type PageOptions = Omit<PageDef, "kind" | "fields"> & { fields?: Record<string, Field> };

/** A page shown to the participant. @example page({ name: "Hello", fields: { age: integer({ label: "Age" }) } }) */
export function page(options: PageOptions): PageDef {
  return { kind: "page", ...options, fields: options.fields ?? {} };
}

export interface AppDef {
  /** The app's folder-like name: lowercase letters, digits and _. */
  readonly name: string;
  readonly description: string;
  /** Player counts that fit the app (e.g. 2 for pairs); the admin warns about others. */
  readonly suggestedMultiple: number;
  readonly pages: readonly PageDef[];
  /** Runs once per session, lazily, before the first participant's first page. */
  readonly newSession?: (ctx: NewSessionContext) => void | Promise<void>;
  /** Runs once per player when the participant starts. */
  readonly newPlayer?: (ctx: NewPlayerContext) => void | Promise<void>;
}

export type AppOptions = Omit<AppDef, "suggestedMultiple" | "description"> & { suggestedMultiple?: number; description?: string };

/** Names the engine keeps for its own state; fields cannot use them. */
export const RESERVED_FIELD_NAMES = new Set([
  "id", "name", "index", "label", "position", "pageOrder", "app", "round", "started", "initialized", "dropout",
  "group", "memberIndex", "config", "apps", "settings", "description", "active", "testing", "session", "player",
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

/** Defines an app and checks it, so mistakes stop the start with a message naming the place. */
export function defineApp(options: AppOptions): AppDef {
  const app: AppDef = { description: "", suggestedMultiple: 1, ...options };
  if (!APP_NAME.test(app.name)) throw new AppDefinitionError(app.name, "", "the name must be lowercase letters, digits and _, starting with a letter");
  if (!Number.isInteger(app.suggestedMultiple) || app.suggestedMultiple < 1)
    throw new AppDefinitionError(app.name, "", "suggestedMultiple must be a whole number of at least 1");
  const seen = new Set<string>();
  for (const p of app.pages) {
    if (!PAGE_NAME.test(p.name)) throw new AppDefinitionError(app.name, `page "${p.name}"`, "page names are letters, digits and _, starting with a letter");
    if (seen.has(p.name)) throw new AppDefinitionError(app.name, `page "${p.name}"`, "two pages have this name");
    seen.add(p.name);
    for (const f of Object.keys(p.fields)) {
      if (!FIELD_NAME.test(f)) throw new AppDefinitionError(app.name, `page "${p.name}", field "${f}"`, "field names are letters, digits and _, starting with a letter");
      if (RESERVED_FIELD_NAMES.has(f)) throw new AppDefinitionError(app.name, `page "${p.name}", field "${f}"`, "this name is reserved by Sprout");
    }
  }
  return app;
}
