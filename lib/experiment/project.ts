import type { AppDef } from "./app.ts";
import type { JsonValue } from "./fields.ts";
import { labelListProblem } from "./room-labels.ts";

export interface ConfigDef {
  /** Apps played in this order by every participant. */
  readonly apps: readonly AppDef[];
  /** Default session settings, editable when a session is created. */
  readonly settings?: Readonly<Record<string, JsonValue>>;
  readonly description?: string;
}

/** A room the project defines: created at start when it does not exist yet (never overwritten). */
export interface RoomDef {
  /** The config a session is created from when the first participant arrives; without one, participants wait until the admin creates a session. */
  readonly config?: string;
  /** Access codes participants must enter (or bring as ?label=); [] accepts any code; omitted: none asked. */
  readonly labels?: readonly string[];
  /** Most players the room's session may have; default: the number of labels, or no limit. */
  readonly capacity?: number;
  /** Whether it accepts participants from the start (default: when it has a config). */
  readonly open?: boolean;
}

export interface ProjectDef {
  /** Named configs the admin can start sessions of. */
  readonly configs: Readonly<Record<string, ConfigDef>>;
  /** Admin account names; each one's password comes from SPROUT_ADMIN_PASSWORD_<NAME>. */
  readonly admins: readonly string[];
  /** Rooms (participant link /room/<name>/) that exist from the first start. */
  readonly rooms?: Readonly<Record<string, RoomDef>>;
}

const CONFIG_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const ROOM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function checkRoom(project: ProjectDef, name: string, room: RoomDef): void {
  if (!ROOM_NAME.test(name)) throw new Error(`Room "${name}": names are 1-64 letters, digits, '.', '_' and '-', starting with a letter or digit`);
  if (room.config !== undefined && !Object.hasOwn(project.configs, room.config)) throw new Error(`Room "${name}": there is no config "${room.config}"`);
  const problem = room.labels ? labelListProblem(room.labels) : null;
  if (problem) throw new Error(`Room "${name}": ${problem}`);
  if (room.capacity !== undefined && !(Number.isInteger(room.capacity) && room.capacity >= 1)) throw new Error(`Room "${name}": capacity must be a whole number of at least 1`);
}

/** The project file's one export. @example export default defineProject({ configs: { survey: { apps: [survey] } }, admins: ["admin"] }) */
export function defineProject(project: ProjectDef): ProjectDef {
  for (const [name, config] of Object.entries(project.configs)) {
    if (!CONFIG_NAME.test(name)) throw new Error(`Config "${name}": names are letters, digits, _ and -, starting with a letter or digit`);
    if (config.apps.length === 0) throw new Error(`Config "${name}" lists no apps`);
    const s = config.settings;
    if (s !== undefined && (s === null || typeof s !== "object" || Array.isArray(s))) throw new Error(`Config "${name}": settings must be an object`);
  }
  if (project.admins.length === 0) throw new Error("The project names no admin");
  for (const [name, room] of Object.entries(project.rooms ?? {})) checkRoom(project, name, room);
  return project;
}
