import type { AppDef } from "./app.ts";
import type { JsonValue } from "./fields.ts";

export interface ConfigDef {
  /** Apps played in this order by every participant. */
  readonly apps: readonly AppDef[];
  /** Default session settings, editable when a session is created. */
  readonly settings?: Readonly<Record<string, JsonValue>>;
  readonly description?: string;
}

export interface ProjectDef {
  /** Named configs the admin can start sessions of. */
  readonly configs: Readonly<Record<string, ConfigDef>>;
  /** Admin account names; each one's password comes from SPROUT_ADMIN_PASSWORD_<NAME>. */
  readonly admins: readonly string[];
}

const CONFIG_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The project file's one export. @example export default defineProject({ configs: { survey: { apps: [survey] } }, admins: ["admin"] }) */
export function defineProject(project: ProjectDef): ProjectDef {
  for (const [name, config] of Object.entries(project.configs)) {
    if (!CONFIG_NAME.test(name)) throw new Error(`Config "${name}": names are letters, digits, _ and -, starting with a letter or digit`);
    if (config.apps.length === 0) throw new Error(`Config "${name}" lists no apps`);
    const s = config.settings;
    if (s !== undefined && (s === null || typeof s !== "object" || Array.isArray(s))) throw new Error(`Config "${name}": settings must be an object`);
  }
  if (project.admins.length === 0) throw new Error("The project names no admin");
  return project;
}
