import project from "#project";
import type { AppDef, ConfigDef, LogicDef, PageDef, RoomDef, Rng } from "./experiment/index.ts";
import { expandApp, pagesOf, type Conditions } from "./experiment/page-order.ts";
import { InvalidInputError } from "./errors.ts";
import { chooseLocale, type Locale } from "./i18n/index.ts";

// The project is loaded once per module graph (Next bundle, server.ts, CLI); experiment
// modules hold no mutable state, so each graph having its own copy is harmless.
const apps = new Map<string, AppDef>();
const pages = new Map<string, { app: AppDef; page: PageDef | LogicDef }>();

for (const [configName, config] of Object.entries(project.configs)) {
  for (const app of config.apps) {
    const known = apps.get(app.name);
    if (known && known !== app) throw new Error(`Config "${configName}": two different apps are named "${app.name}"`);
    apps.set(app.name, app);
    for (const page of pagesOf(app)) pages.set(`${app.name}/${page.name}`, { app, page });
  }
}

export function listConfigs(): [string, ConfigDef][] {
  return Object.entries(project.configs);
}

export function getConfig(name: string): ConfigDef {
  const config = Object.hasOwn(project.configs, name) ? project.configs[name] : undefined;
  if (!config) throw new InvalidInputError(`Unknown config "${name}". Known configs: ${Object.keys(project.configs).join(", ")}`);
  return config;
}

export function hasConfig(name: string): boolean {
  return Object.hasOwn(project.configs, name);
}

export function getApp(name: string): AppDef | undefined {
  return apps.get(name);
}

/** The page behind a path "app/Page", or undefined if the project no longer has it. */
export function resolvePage(path: string): { app: AppDef; page: PageDef | LogicDef } | undefined {
  return pages.get(path);
}

/** A new player's page order: each app's pages expanded (rounds unrolled, random() shuffled, ...). */
export function expandConfig(config: ConfigDef, rng: Rng, conditions: Conditions = {}): string[] {
  return config.apps.flatMap((app) => expandApp(app, rng, conditions));
}

/** The admin account names the project file lists. */
export function adminNames(): readonly string[] {
  return project.admins;
}

/** Players should come in multiples of this: the least common multiple of the apps' suggestions. */
export function configMultiple(config: ConfigDef): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return config.apps.reduce((m, app) => (m * app.suggestedMultiple) / gcd(m, app.suggestedMultiple), 1);
}

/** The rooms the project file defines, by name. */
export function projectRooms(): [string, RoomDef][] {
  return Object.entries(project.rooms ?? {});
}

/**
 * The language of a participant page: its config's `language` (or, without one, the project's),
 * where "browser" picks from `acceptLanguage` and falls back to the project's fixed language,
 * else English. `config` null: a page of no known config (not found, busy, database away).
 */
export function participantLocale(config: string | null, acceptLanguage: string | null | undefined): Locale {
  const projectSetting = project.language;
  const fallback = projectSetting !== undefined && projectSetting !== "browser" ? projectSetting : "en";
  const own = config !== null && Object.hasOwn(project.configs, config) ? project.configs[config]!.language : undefined;
  return chooseLocale(own ?? projectSetting, acceptLanguage, fallback);
}
