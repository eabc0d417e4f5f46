import type { ReactNode } from "react";
import type { Db } from "../store/db.ts";
import { sessionApi } from "../engine/core/handles.ts";
import { getApp } from "../project.ts";
import { log } from "../log.ts";
import { sessionAppsColumn } from "../store/columns.ts";

/** One app's digest of a session: what it rendered, or why it failed. */
export type DigestResult = { app: string } & ({ ok: true; out: ReactNode } | { ok: false; error: string });

/**
 * Runs the digest of each app of the session that defines one (the session page's Digest and
 * the API serve it). Read-only: a digest summarises, it cannot write. An app whose digest throws
 * gets its error, named, instead of taking the others down. Null when there is no such session.
 */
export async function sessionDigests(read: Db, sname: string): Promise<DigestResult[] | null> {
  const session = await read.session.findUnique({ where: { name: sname } });
  if (!session) return null;
  const apps = sessionAppsColumn.read(session.apps).flatMap((app) => {
    const digest = getApp(app)?.digest;
    return digest ? [{ app, digest }] : [];
  });
  return Promise.all(
    apps.map(async ({ app, digest }): Promise<DigestResult> => {
      try {
        const api = sessionApi({ db: read, buffer: null, provenance: { byKind: "system", byName: "digest" }, context: { app } }, session);
        return { app, ok: true, out: await digest({ session: api }) };
      } catch (e) {
        log.error({ err: e, app, session: sname }, "digest failed");
        return { app, ok: false, error: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
}
