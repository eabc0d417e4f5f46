/**
 * The replication briefcase: one ZIP with everything needed to analyse a session (or all listed
 * sessions) and to see which code produced it: every table of the downloads, the data
 * dictionary, the code-version record, the experiment source at the recorded commit (read from
 * git; else the current files, flagged), a README that describes every file, and SHA256SUMS.
 *
 * It is streamed as it is built (yazl: one entry at a time, read only as fast as the client
 * takes the bytes), each table from the same paged generators as the single downloads, so a
 * study with a million log rows bundles with flat memory. Each entry is hashed as it passes; the
 * checksum file comes last, when every other entry has been hashed.
 */
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import yazl from "yazl";
import { describeCodeVersion, type CodeVersion } from "../code-version.ts";
import { filesUnder, projectFolder } from "../../scripts/code-version.mjs";
import { errorResponse } from "../http.ts";
import { log } from "../log.ts";
import { codeVersionColumn } from "../store/columns.ts";
import type { Db } from "../store/db.ts";
import { EXPORT_FORMATS, exportChunks, resolveScope, type ExportFormat, type ExportScope, type ExportTarget } from "./exports.ts";
import { testingWhere } from "./sessions.ts";

const run = promisify(execFile);

/**
 * The tables of a briefcase: every export but the entry parameters (recruitment IDs are
 * personal data: a replication package must not carry them; entry.csv is its own download).
 */
const BRIEFCASE_FORMATS = EXPORT_FORMATS.filter((f): f is Exclude<ExportFormat, "entry.csv"> => f !== "entry.csv");

/** What each table of the briefcase holds (docs/data.md has the columns). */
const TABLES: Record<(typeof BRIEFCASE_FORMATS)[number], string> = {
  "rounds.csv": "one row per player per app and round, with each field's value as that round ended (from the field log), the group, member index and role of that round",
  "groups.csv": "one row per group per app and round: its members in that round and each group field's value as the round ended",
  "sessions.csv": "one row per session: when it was created, whether it is a test run, its players' counts and its fields",
  "wide.csv": "one row per player with every field's current value, the session's fields as session.<key> and the group's as group.<key>",
  "long.csv": "the field log: every write of every field, in order, with where it happened and who wrote it (participant, hook, admin, ...) and the experiment's file:line",
  "log.jsonl": "the field log again, as JSON Lines (one object per write)",
  "page-times.csv": "one row per page visit: when each player entered and left each page, and how they left",
  "chat.csv": "one row per chat message",
  "dictionary.csv": "the data dictionary: what every column of the tables means (fields with their app, page, type, label, choices and bounds)",
  "dictionary.md": "the data dictionary as a readable document",
};

interface SourceFile {
  /** the path in the repository, e.g. experiments/trust/index.tsx */
  path: string;
  read: () => Promise<Buffer>;
}

/** The experiment source of one code version, as it goes into the briefcase. */
interface SourceSet {
  /** the briefcase folder: source/<commit>/ or source/current/ */
  folder: string;
  files: SourceFile[];
  /** how it was obtained, for the README and code-version.json */
  note: string;
  /** whether its files hash to the recorded `experiments` hash; null when nothing was recorded */
  matches: boolean | null;
}

/** Orders paths as the code-version hash walks them (each folder's names sorted). */
const byWalk = (a: string, b: string) => {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
};

/** The code-version hash of some files (scripts/code-version.mjs: each file's path and bytes). */
async function hashOf(files: readonly SourceFile[]): Promise<string> {
  const hash = crypto.createHash("sha256");
  for (const f of files) hash.update(`\0${f.path}\0`).update(await f.read());
  return hash.digest("hex");
}

const GIT_BUFFER = 64 * 1024 * 1024;

/** The files of `folder` at `commit`, read from git; null when git or the commit is not there. */
async function gitFiles(root: string, commit: string, folder: string): Promise<SourceFile[] | { error: string }> {
  try {
    await run("git", ["cat-file", "-e", `${commit}^{commit}`], { cwd: root });
    const { stdout } = await run("git", ["ls-tree", "-r", "-z", "--full-tree", commit, "--", folder], { cwd: root, maxBuffer: GIT_BUFFER });
    return stdout
      .split("\0")
      .filter(Boolean)
      .flatMap((line) => {
        const [meta, file] = line.split("\t") as [string, string];
        const [mode, type, sha] = meta.split(" ") as [string, string, string];
        // Blobs only: a symbolic link (120000) or a submodule has no content of its own here.
        if (type !== "blob" || mode === "120000") return [];
        return [{ path: file, read: async () => (await run("git", ["cat-file", "blob", sha], { cwd: root, encoding: "buffer", maxBuffer: GIT_BUFFER })).stdout }];
      })
      .sort((a, b) => byWalk(a.path, b.path));
  } catch (e) {
    return { error: (e as { stderr?: Buffer | string }).stderr?.toString().trim().split("\n")[0] || (e as Error).message };
  }
}

function currentFiles(root: string, folder: string): SourceFile[] {
  const paths: string[] = [];
  filesUnder(root, folder, paths, new Set([`${folder}/node_modules`]));
  return paths.map((p) => ({ path: p, read: () => fs.promises.readFile(path.join(root, p)) }));
}

/** The source of a recorded code version: its commit's files from git, else the current files, flagged. */
async function sourceOf(root: string, version: CodeVersion | null): Promise<SourceSet> {
  const folder = version?.folder ?? projectFolder(root);
  if (version?.git) {
    const commit = version.git.commit;
    const files = await gitFiles(root, commit, folder);
    if (Array.isArray(files)) {
      const matches = (await hashOf(files)) === version.experiments;
      const dirty = version.git.dirty ? " The tree had uncommitted changes when the server was built." : "";
      return {
        folder: `source/${commit.slice(0, 12)}/`,
        files,
        matches,
        note: `${folder}/ at commit ${commit}, read from git.${dirty} ${matches ? "Its files hash to the recorded experiments hash: this is the code that ran." : "FLAGGED: its files do not hash to the recorded experiments hash, so the code that ran differed from this commit (uncommitted or untracked files)."}`,
      };
    }
    const current = currentFiles(root, folder);
    const matches = (await hashOf(current)) === version.experiments;
    return {
      folder: "source/current/",
      files: current,
      matches,
      note: `FLAGGED: the recorded commit ${commit} could not be read from git here (${files.error}); these are the current files of ${folder}/, which ${matches ? "do" : "do NOT"} hash to the recorded experiments hash.`,
    };
  }
  const current = currentFiles(root, folder);
  const matches = version ? (await hashOf(current)) === version.experiments : null;
  const why = version ? "no git commit was recorded (the server was built outside a git checkout)" : "the session has no code-version record (created before Sprout kept one)";
  return {
    folder: "source/current/",
    files: current,
    matches,
    note: `FLAGGED: ${why}; these are the current files of ${folder}/${matches === null ? "" : matches ? ", which hash to the recorded experiments hash" : ", which do NOT hash to the recorded experiments hash"}.`,
  };
}

interface SessionVersion {
  name: string;
  version: CodeVersion | null;
}

async function sessionVersions(read: Db, scope: ExportScope): Promise<SessionVersion[]> {
  const where = "sessionId" in scope ? { id: scope.sessionId } : testingWhere(scope.testing);
  const rows = await read.session.findMany({ where, orderBy: { id: "asc" }, select: { name: true, codeVersion: true } });
  return rows.map((r) => ({ name: r.name, version: r.codeVersion === null ? null : codeVersionColumn.read(r.codeVersion) }));
}

const versionKey = (v: CodeVersion | null) => (v === null ? "none" : `${v.git?.commit ?? "no-git"}:${v.experiments}:${v.folder}`);

function readme(title: string, sessions: readonly SessionVersion[], sources: ReadonlyMap<string, SourceSet>): string {
  const lines = [
    `# Replication briefcase: ${title}`,
    "",
    `Made by Sprout on ${new Date().toISOString()} for ${sessions.length === 1 ? `session ${sessions[0]!.name}` : `${sessions.length} sessions (${sessions.map((s) => s.name).join(", ") || "none"})`}.`,
    "",
    "Check that nothing changed since: in this folder, run `sha256sum -c SHA256SUMS` (Linux; on macOS `shasum -a 256 -c SHA256SUMS`).",
    "",
    "CSV files are UTF-8 with a header row; an empty cell is no value; cells a spreadsheet would run as a formula start with `'`.",
    "Read them with readr (R) or pandas (Python): Sprout's docs/data.md has a short guide.",
    "",
    "## Files",
    "",
    "| File | What it holds |",
    "| --- | --- |",
    "| README.md | this description of every file |",
    ...BRIEFCASE_FORMATS.map((f) => `| ${f} | ${TABLES[f]} |`),
    "| code-version.json | for each session, the code it was created with (Sprout's version, the git commit and whether the tree had uncommitted changes, a SHA-256 of the experiment sources), and which source folder below holds that code |",
    "| SHA256SUMS | the SHA-256 checksum of every other file, in `sha256sum` format |",
    "",
    "## Experiment source",
    "",
  ];
  for (const s of sources.values()) {
    lines.push(`### ${s.folder}`, "", s.note, "", `Sessions: ${sessions.filter((x) => sources.get(versionKey(x.version)) === s).map((x) => `${x.name} (${x.version ? describeCodeVersion(x.version) : "not recorded"})`).join(", ")}.`, "");
    lines.push("| File | What it holds |", "| --- | --- |", ...s.files.map((f) => `| ${s.folder}${f.path} | experiment source file |`), "");
  }
  return `${lines.join("\n")}\n`;
}

/** Bytes of a chunk source, hashed as they pass; the checksum is recorded when the entry ends. */
function hashing(name: string, chunks: AsyncIterable<string | Uint8Array>, sums: Map<string, string>): Readable {
  return Readable.from(
    (async function* () {
      const hash = crypto.createHash("sha256");
      for await (const chunk of chunks) {
        const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
        if (bytes.length === 0) continue;
        hash.update(bytes);
        yield bytes;
      }
      sums.set(name, hash.digest("hex"));
    })(),
    { objectMode: false },
  );
}

async function* once(bytes: () => Promise<Buffer | string>): AsyncGenerator<Buffer | string> {
  yield await bytes();
}

/**
 * The briefcase of a target as a streamed ZIP named `<prefix>-briefcase.zip`, whose files lie in
 * a folder of the same name. What fails before the first byte (an unknown session, a busy
 * database) is a plain 4xx/5xx; a failure later breaks the download (never a ZIP that looks whole).
 */
export async function briefcaseResponse(read: Db, target: ExportTarget, prefix: string, root = process.cwd()): Promise<Response> {
  const where = "briefcase";
  try {
    const scope = await resolveScope(read, target);
    const sessions = await sessionVersions(read, scope);
    const sources = new Map<string, SourceSet>();
    for (const s of sessions) {
      const key = versionKey(s.version);
      if (!sources.has(key)) sources.set(key, await sourceOf(root, s.version));
    }
    const base = `${prefix}-briefcase`.replace(/[^\w.-]/g, "_");
    const title = "sessionId" in scope ? `session ${sessions[0]!.name}` : prefix;
    const sums = new Map<string, string>();
    const zip = new yazl.ZipFile();
    const add = (name: string, chunks: () => AsyncIterable<string | Uint8Array>) =>
      zip.addReadStreamLazy(`${base}/${name}`, (done) => {
        const stream = hashing(name, chunks(), sums);
        // yazl listens for errors only on the streams it is handed directly, not on lazy ones.
        stream.on("error", (e) => zip.emit("error", e));
        done(null, stream);
      });

    const readmeText = readme(title, sessions, sources);
    add("README.md", () => once(async () => readmeText));
    for (const format of BRIEFCASE_FORMATS) add(format, () => exportChunks(read, format, scope));
    const record = sessions.map((s) => {
      const source = sources.get(versionKey(s.version))!;
      return { session: s.name, codeVersion: s.version, source: source.folder, sourceMatchesRecord: source.matches, sourceNote: source.note };
    });
    add("code-version.json", () => once(async () => `${JSON.stringify({ sessions: record }, null, 2)}\n`));
    for (const source of sources.values()) for (const file of source.files) add(`${source.folder}${file.path}`, () => once(file.read));
    // Last: every entry before it has been read (and hashed) when yazl asks for this one.
    add("SHA256SUMS", () => once(async () => [...sums].map(([name, sum]) => `${sum}  ${name}\n`).join("")));
    zip.end();

    const out = zip.outputStream as Readable;
    zip.on("error", (e: unknown) => {
      log.error({ where, err: e }, "briefcase failed while streaming");
      out.destroy(e as Error);
    });
    return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${base}.zip"`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    return errorResponse(e, where);
  }
}
