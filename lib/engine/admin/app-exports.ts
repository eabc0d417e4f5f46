import { ConflictError, InvalidInputError, NotFoundError, SproutError } from "../../errors.ts";
import type { AppExport, ExportRow, JsonValue } from "../../experiment/index.ts";
import { recordAudit } from "../../store/audit.ts";
import { sessionAppsColumn } from "../../store/columns.ts";
import type { Db, Tx } from "../../store/db.ts";
import { adminBy } from "../../store/field-log.ts";
import { jsonProblem } from "../../store/json.ts";
import { transaction } from "../../store/outbox.ts";
import type { ExportOutput } from "../../data/app-exports.ts";
import { getApp } from "../../project.ts";
import { sessionApi } from "../core/handles.ts";
import { runHook } from "../core/hook-error.ts";
import { WriteBuffer } from "../core/write-buffer.ts";

// Running an app's own exports and pipelines (dataExport() and pipeline() in its definition; the
// data page and the API list them through lib/data/app-exports.ts) with the session's typed handles. An export only reads; a
// pipeline may change the session, and then runs like an admin action: one transaction with its
// field-log writes and the audit entry, and the participants' pages and the monitor refresh.

/** An app's export that threw, or returned something other than rows or text: 422, with its message. */
export class ExportFailedError extends SproutError {
  constructor(message: string) {
    super(message, 422);
  }
}

type SessionRow = NonNullable<Awaited<ReturnType<Tx["session"]["findUnique"]>>>;

async function findSession(db: Db | Tx, sname: string): Promise<SessionRow> {
  const session = await db.session.findUnique({ where: { name: sname } });
  if (!session) throw new NotFoundError(`There is no session "${sname}"`);
  return session;
}

function findExport(session: SessionRow, app: string, name: string): AppExport<unknown> {
  const apps = sessionAppsColumn.read(session.apps);
  if (!apps.includes(app)) throw new NotFoundError(`Session "${session.name}" has no app "${app}"; its apps are ${apps.join(", ")}`);
  const exported = getApp(app)?.exports?.[name];
  if (!exported) throw new NotFoundError(`App "${app}" has no export "${name}"`);
  return exported;
}

/** The input checked by the export's schema: 400 naming what is wrong. Without a schema, an export takes no input. */
function checkedInput(app: string, name: string, exported: AppExport<unknown>, input: JsonValue | undefined): unknown {
  if (!exported.input) {
    if (input !== undefined && input !== null) throw new InvalidInputError(`${app}.${name} takes no input`);
    return undefined;
  }
  const parsed = exported.input.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
    throw new InvalidInputError(`The input of ${app}.${name} is not valid: ${problems}`, { input: [problems] });
  }
  return parsed.data;
}

/** Rows (a list of plain objects of JSON values) or text; anything else is the export's mistake. */
function outputOf(app: string, name: string, out: unknown): ExportOutput {
  if (typeof out === "string") return { kind: "text", text: out };
  const wrong = (why: string) => new ExportFailedError(`${app}.${name} must return a list of rows (objects) or text; ${why}`);
  if (!Array.isArray(out)) throw wrong(`it returned ${out === null ? "null" : typeof out}`);
  for (const [i, row] of out.entries()) {
    if (row === null || typeof row !== "object" || Array.isArray(row)) throw wrong(`row ${i} is not an object`);
    const problem = jsonProblem(row, `row ${i}`);
    if (problem) throw wrong(problem);
  }
  return { kind: "rows", rows: out as ExportRow[] };
}

async function runIt(app: string, name: string, run: () => unknown): Promise<ExportOutput> {
  let out: unknown;
  try {
    out = await runHook({ app, hook: `exports.${name}` }, run);
  } catch (e) {
    const cause = (e as { cause?: unknown }).cause ?? e;
    throw new ExportFailedError(`${app}.${name} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  return outputOf(app, name, out);
}

/**
 * Runs a read-only export with read-only handles (a write is refused: it is a pipeline's job).
 * A pipeline asked for here is a ConflictError: it changes the session, so it is run with runPipeline (POST).
 */
export async function runAppExport(read: Db, sname: string, app: string, name: string, input: JsonValue | undefined): Promise<ExportOutput> {
  const session = await findSession(read, sname);
  const exported = findExport(session, app, name);
  if (exported.changes) throw new ConflictError(`${app}.${name} is a pipeline: it changes the session, so it runs on request (POST) only`);
  const checked = checkedInput(app, name, exported, input);
  const api = sessionApi({ db: read, buffer: null, provenance: { byKind: "system", byName: `export ${app}.${name}` }, context: { app } }, session);
  return runIt(app, name, () => exported.run({ session: api, input: checked, constants: getApp(app)!.constants }));
}

/**
 * Runs an export or a pipeline as the admin's action: its writes go to the field log as the
 * admin's (hook exports.<name>), with the audit entry, in one transaction; after commit the
 * participants' pages and the admins' views of the session refresh. A failing pipeline changes nothing.
 */
export async function runPipeline(db: Db, admin: string, sname: string, app: string, name: string, input: JsonValue | undefined): Promise<ExportOutput & { changed: number }> {
  return transaction(db, async (tx, outbox) => {
    const session = await findSession(tx, sname);
    const exported = findExport(session, app, name);
    const checked = checkedInput(app, name, exported, input);
    const buffer = new WriteBuffer();
    const api = sessionApi({ db: tx, buffer, provenance: { ...adminBy(admin), hook: `exports.${name}` }, context: { app } }, session);
    const output = await runIt(app, name, () => exported.run({ session: api, input: checked, constants: getApp(app)!.constants }));
    const players = buffer.playersWritten();
    const changed = buffer.size();
    await buffer.flush(tx);
    await recordAudit(tx, { admin, action: "session.pipeline", session: sname, detail: { app, name, input: input ?? null, changed } });
    if (changed > 0) {
      outbox.push({ to: { session: session.id }, event: "page:refresh" }, { to: { players }, event: "monitor:changed" }, { event: "session:changed", sname });
    }
    return { ...output, changed };
  });
}
