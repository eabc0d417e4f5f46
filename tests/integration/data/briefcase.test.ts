import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { playBot } from "@/lib/bots/bot";
import { setSessionTesting } from "@/lib/engine/admin/session-controls";
import { signInAutomatically } from "../../helpers/admin";
import { api, newToken } from "../../helpers/api";
import { ROOT, TMP } from "../../helpers/paths";
import { startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";

// The replication briefcase: one streamed ZIP with every table, the dictionary, the code-version
// record, the experiment source at the recorded commit (else the current files, flagged), a
// README describing every file, and SHA256SUMS that sha256sum verifies.

let server: RunningServer;
let cookie: string;
let s: Awaited<ReturnType<typeof newSession>>;
const DIR = path.join(TMP, `briefcase-${process.pid}`);
beforeAll(async () => {
  server = await startServer();
  cookie = await signInAutomatically(server);
  s = await newSession(server, "trust", 2);
  await Promise.all(s.urls.map((url, playerIndex) => playBot({ url, playerIndex })));
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(DIR, { recursive: true, force: true });
});

const get = (p: string) => fetch(`${server.url}${p}`, { headers: { cookie }, redirect: "manual" });

/** Downloads a briefcase and unpacks it; answers the folder it holds and its entries. */
async function unpacked(p: string, name: string) {
  const res = await get(p);
  expect([res.status, res.headers.get("content-type"), res.headers.get("content-disposition")]).toEqual([200, "application/zip", `attachment; filename="${name}.zip"`]);
  const zip = path.join(DIR, `${name}.zip`);
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(zip, Buffer.from(await res.arrayBuffer()));
  execFileSync("unzip", ["-q", "-o", zip, "-d", DIR]);
  const entries = execFileSync("unzip", ["-Z1", zip], { encoding: "utf8" }).split("\n").filter(Boolean);
  expect(entries.every((e) => e.startsWith(`${name}/`))).toBe(true);
  const folder = path.join(DIR, name);
  return { folder, files: entries.map((e) => e.slice(name.length + 1)), read: (f: string) => fs.readFileSync(path.join(folder, f), "utf8") };
}

test("a session's briefcase: checksums verify, the README describes every file, the tables are the downloads, the source is the recorded commit's", async () => {
  const b = await unpacked(`/admin/session/${s.name}/briefcase/`, `${s.name}-briefcase`);
  // sha256sum checks every file the manifest lists; the manifest lists every file but itself.
  const checked = execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: b.folder, encoding: "utf8" });
  expect(checked.split("\n").filter(Boolean).every((l) => l.endsWith(": OK"))).toBe(true);
  const listed = b.read("SHA256SUMS").split("\n").filter(Boolean).map((l) => l.slice(66));
  expect(listed.sort()).toEqual(b.files.filter((f) => f !== "SHA256SUMS").sort());
  const readme = b.read("README.md");
  for (const f of b.files) expect([f, readme.includes(`| ${f} |`)]).toEqual([f, true]);
  for (const f of ["rounds.csv", "groups.csv", "sessions.csv", "wide.csv", "long.csv", "log.jsonl", "page-times.csv", "chat.csv", "dictionary.csv", "dictionary.md", "code-version.json"]) expect(b.files).toContain(f);
  // The tables are the downloads, byte for byte.
  for (const f of ["rounds.csv", "groups.csv", "dictionary.csv"]) expect([f, b.read(f)]).toEqual([f, await (await get(`/admin/session/${s.name}/export/${f}`)).text()]);
  expect(b.read("rounds.csv")).toContain("sender");

  const record = JSON.parse(b.read("code-version.json")) as { sessions: { session: string; codeVersion: { git: { commit: string } | null; folder: string }; source: string; sourceMatchesRecord: boolean | null; sourceNote: string }[] };
  const stored = await server.db.session.findUniqueOrThrow({ where: { id: s.id } });
  expect(record.sessions).toHaveLength(1);
  expect(record.sessions[0]).toMatchObject({ session: s.name, codeVersion: JSON.parse(stored.codeVersion!) });
  const { codeVersion, source } = record.sessions[0]!;
  if (codeVersion.git) {
    // The test build ran in this git checkout: the commit's files, as git has them.
    expect(source).toBe(`source/${codeVersion.git.commit.slice(0, 12)}/`);
    const file = b.files.find((f) => f.startsWith(source) && f.endsWith(".tsx"))!.slice(source.length);
    expect(file.startsWith(`${codeVersion.folder}/`)).toBe(true);
    expect(b.read(`${source}${file}`)).toBe(execFileSync("git", ["show", `${codeVersion.git.commit}:${file}`], { cwd: ROOT, encoding: "utf8" }));
    expect(b.files.filter((f) => f.startsWith(source)).length).toBe(execFileSync("git", ["ls-tree", "-r", "--name-only", codeVersion.git.commit, "--", codeVersion.folder], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean).length);
  }
});

test("a commit git cannot read, and a session without a record: the current source, flagged", async () => {
  const t = await newSession(server, "basics", 1);
  const stored = JSON.parse((await server.db.session.findUniqueOrThrow({ where: { id: t.id } })).codeVersion!) as Record<string, unknown>;
  await server.db.session.update({ where: { id: t.id }, data: { codeVersion: JSON.stringify({ ...stored, git: { commit: "0123456789abcdef0123456789abcdef01234567", dirty: false } }) } });
  const b = await unpacked(`/admin/session/${t.name}/briefcase/`, `${t.name}-briefcase`);
  const [entry] = (JSON.parse(b.read("code-version.json")) as { sessions: { source: string; sourceNote: string }[] }).sessions;
  expect(entry).toMatchObject({ source: "source/current/", sourceNote: expect.stringContaining("FLAGGED: the recorded commit 0123456789abcdef0123456789abcdef01234567 could not be read from git here") });
  expect(b.read("README.md")).toContain("FLAGGED");
  const file = b.files.find((f) => f.startsWith("source/current/") && f.endsWith(".tsx"))!.slice("source/current/".length);
  expect(file.startsWith(`${stored.folder as string}/`)).toBe(true);
  expect(b.read(`source/current/${file}`)).toBe(fs.readFileSync(path.join(ROOT, file), "utf8"));
  expect(execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: b.folder, encoding: "utf8" })).toBe("");

  await server.db.session.update({ where: { id: t.id }, data: { codeVersion: null } });
  const none = await unpacked(`/admin/session/${t.name}/briefcase/`, `${t.name}-briefcase`);
  expect(none.read("code-version.json")).toContain("the session has no code-version record");
});

test("all listed sessions in one briefcase (the test-run filter applies); the API serves it; bad requests are 4xx", async () => {
  const u = await newSession(server, "basics", 1);
  await setSessionTesting(server.db, "admin", u.name, true);
  const b = await unpacked(`/admin/briefcase/?testing=only`, "test-sessions-briefcase");
  const sessions = b.read("sessions.csv").split("\r\n").slice(1).filter(Boolean).map((l) => l.split(",")[0]);
  expect(sessions).toContain(u.name);
  expect(sessions).not.toContain(s.name);
  expect(execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: b.folder, encoding: "utf8" })).toBe("");
  expect((await get(`/admin/briefcase/?testing=maybe`)).status).toBe(400);
  const missing = await get(`/admin/session/nosuch/briefcase/`);
  expect([missing.status, (await missing.text()).trim()]).toEqual([404, 'There is no session "nosuch"']);
  const token = await newToken(server, "read");
  const res = await api(server, token, "GET", `/sessions/${s.name}/data/briefcase/`);
  expect([res.status, res.headers.get("content-type")]).toEqual([200, "application/zip"]);
});
