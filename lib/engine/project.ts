import project from "#project";
import type { AppDef, ConfigDef, PageDef, ProjectDef } from "../experiment/index.ts";
import { InvalidInputError } from "../errors.ts";

// The project is loaded once per module graph (Next bundle, server.ts, CLI); experiment
// modules hold no mutable state, so each graph having its own copy is harmless.
const apps = new Map<string, AppDef>();
const pages = new Map<string, { app: AppDef; page: PageDef }>();

for (const [configName, config] of Object.entries(project.configs)) {
  for (const app of config.apps) {
    const known = apps.get(app.name);
    if (known && known !== app) throw new Error(`Config "${configName}": two different apps are named "${app.name}"`);
    apps.set(app.name, app);
    for (const page of app.pages) pages.set(`${app.name}/${page.name}`, { app, page });
  }
}

export function getProject(): ProjectDef {
  return project;
}

export function listConfigs(): [string, ConfigDef][] {
  return Object.entries(project.configs);
}

export function getConfig(name: string): ConfigDef {
  const config = Object.hasOwn(project.configs, name) ? project.configs[name] : undefined;
  if (!config) throw new InvalidInputError(`Unknown config "${name}". Known configs: ${Object.keys(project.configs).join(", ")}`);
  return config;
}

export function getApp(name: string): AppDef | undefined {
  return apps.get(name);
}

/** The page behind a page path "app/Page", or undefined if the project no longer has it. */
export function resolvePage(path: string): { app: AppDef; page: PageDef } | undefined {
  return pages.get(path);
}

/** Every participant's page order for a config: its apps' pages, in order. */
export function pageOrderFor(config: ConfigDef): string[] {
  return config.apps.flatMap((app) => app.pages.map((p) => `${app.name}/${p.name}`));
}

export function appOfPath(path: string | undefined): string | null {
  return path === undefined ? null : path.slice(0, path.indexOf("/"));
}
