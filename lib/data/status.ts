import fs from "node:fs";
import path from "node:path";
import { allEnvironmentVariables, sqlitePath } from "../env.ts";
import { describeDatabase } from "../store/database.ts";
import type { Db } from "../store/db.ts";
import { dialectOf } from "../store/dialect.ts";

export const MASK = "••••••";
const SECRET_NAME = /pass|pw|pwd|secret|token|key|credential|auth|private|cookie|salt|sig|session|dsn|webhook/i;
// An address with anything before an "@" (user, user:password, a token) up to the host.
const URL_WITH_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s]*@(?=[^@\s]*$|[^@\s/]+[/:?#])/gi;
const URL = /[a-z][a-z0-9+.-]*:\/\/[^\s]+/gi;

/** One address as the status page may show it: no credentials, no secret-looking query values, no long opaque path parts. */
function maskedUrl(text: string): string {
  let out = text.replace(URL_WITH_USERINFO, `$1${MASK}@`);
  out = out.replace(/([?&][^=&#\s]+=)([^&#\s]*)/g, (all, key: string, v: string) => (SECRET_NAME.test(key) || v.length > 20 ? `${key}${MASK}` : all));
  return out.replace(/\/([A-Za-z0-9_\-.~%]{21,})(?=[/?#]|$)/g, `/${MASK}`);
}

/** An environment variable's value as the status page may show it: secrets by name, and credentials inside addresses, masked. */
export function maskedValue(name: string, value: string): string {
  if (SECRET_NAME.test(name)) return value === "" ? "" : MASK;
  return value.replace(URL, (u) => maskedUrl(u));
}

export function maskedEnvironment(entries = allEnvironmentVariables()): [string, string][] {
  return entries.map(([name, value]): [string, string] => [name, maskedValue(name, value)]).sort((a, b) => a[0].localeCompare(b[0]));
}

/** The database's engine and version, where it is, and its size (SQLite: pages in use plus the write-ahead log). */
export async function databaseInfo(read: Db): Promise<{ kind: string; file: string; bytes: number }> {
  if (dialectOf(read) === "postgresql") {
    const [row] = await read.$queryRawUnsafe<{ version: string; size: number | bigint }[]>("SELECT current_setting('server_version') AS version, pg_database_size(current_database()) AS size");
    return { kind: `PostgreSQL ${row?.version ?? ""}`.trim(), file: maskedValue("DATABASE_URL", describeDatabase()), bytes: Number(row?.size ?? 0) };
  }
  const [row] = await read.$queryRawUnsafe<{ size: number | bigint; version: string }[]>("SELECT page_count * page_size AS size, sqlite_version() AS version FROM pragma_page_count(), pragma_page_size()");
  const file = sqlitePath();
  const wal = fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0;
  return { kind: `SQLite ${row?.version ?? ""}`.trim(), file, bytes: Number(row?.size ?? 0) + wal };
}

/** The versions actually installed of the project's direct dependencies, and Node's. */
export function installedVersions(): [string, string][] {
  const root = process.cwd();
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const names = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})].sort();
  const versions = names.map((name): [string, string] => {
    try {
      return [name, (JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version];
    } catch {
      return [name, "not installed"];
    }
  });
  return [["node", process.versions.node], ...versions];
}
