import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DUMP_TABLES, NOT_DUMPED, restoreDump, writeDump } from "@/lib/data/dump";
import { createApiToken } from "@/lib/api/tokens";
import { sendAdminChat } from "@/lib/engine/chat/chat";
import { createSession } from "@/lib/engine/admin/sessions";
import { setSessionDescription } from "@/lib/engine/admin/session-controls";
import { InvalidInputError } from "@/lib/errors";
import { createDb, type Db } from "@/lib/store/db";
import { applyMigrations, readMigrations } from "@/lib/store/migrate";
import { adminGet, signIn, signInAutomatically } from "../../helpers/admin";
import { freshDb } from "../../helpers/database";
import { getPage, postForm, submitCurrent } from "../../helpers/participant";
import { ROOT, TMP } from "../../helpers/paths";
import { freshDatabaseUrl, freshSqliteUrl, startServer, type RunningServer } from "../../helpers/server";
import { newSession } from "../../helpers/sessions";
import { eventually } from "../../helpers/sockets";
import { runOutDeadlines } from "../../helpers/time";

// A server where participants played several configs (so every table has rows), dumped through
// the CLI and the admin download, restored into fresh databases, and dumped again.

const LATEST_MIGRATION = readMigrations().at(-1)!.name;

/** `npm run sprout -- …` on the fixture project and the given database. */
function sprout(databaseUrl: string, ...args: string[]) {
  const run = spawnSync("node_modules/.bin/tsx", ["--conditions=sprout-test", "lib/cli/main.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Rows per table, read with SQL (not through the dump code under test). */
async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of DUMP_TABLES) {
    const [row] = await db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT COUNT(*) AS n FROM "${t.name}"`);
    counts[t.name] = Number(row!.n);
  }
  return counts;
}

/** A page with its script nonce (new on every response) replaced by a fixed word. */
function withoutNonce(html: string): string {
  const nonce = /nonce="([^"]+)"/.exec(html)?.[1];
  return nonce ? html.split(nonce).join("NONCE") : html;
}

const linesOf = (dump: string) => dump.split("\n").slice(0, -1);
const rowLines = (dump: string) => linesOf(dump).slice(1, -1).map((l) => JSON.parse(l) as { table: string; row: Record<string, unknown> });

test("the dump covers every model of the schema, paged by its primary key, in foreign-key order", () => {
  const schema = fs.readFileSync(path.join(ROOT, "prisma/schema.prisma"), "utf8");
  const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map((m) => {
    const body = m[2]!;
    const compound = /@@id\(\[([^\]]+)\]\)/.exec(body)?.[1];
    const key = compound ? compound.split(",").map((s) => s.trim()) : [/^\s*(\w+)\s+\w+.*\s@id\b/m.exec(body)![1]!];
    const references = [...body.matchAll(/^\s*\w+\s+(\w+)\??\s+@relation\(/gm)].map((r) => r[1]!);
    return { name: m[1]!, key, references };
  });
  expect(models.length).toBeGreaterThanOrEqual(14);
  expect(DUMP_TABLES.map((t) => t.name).sort()).toEqual(models.map((m) => m.name).filter((m) => !NOT_DUMPED.includes(m)).sort());
  const position = (name: string) => DUMP_TABLES.findIndex((t) => t.name === name);
  for (const model of models.filter((m) => !NOT_DUMPED.includes(m.name))) {
    expect([model.name, DUMP_TABLES[position(model.name)]!.key]).toEqual([model.name, model.key]);
    for (const referenced of model.references) expect([model.name, referenced, position(referenced) < position(model.name)]).toEqual([model.name, referenced, true]);
  }
});

describe("a study's database, dumped and restored", () => {
  let server: RunningServer;
  let cookie: string;
  let participantUrls: string[] = [];
  let routeDump: string;
  let restoredUrl: string;
  let dumpDir: string | undefined;
  /** A folder of this test's own for dump files (the database may not be a file). */
  const tmpDir = () => (dumpDir ??= (fs.mkdirSync(TMP, { recursive: true }), fs.mkdtempSync(path.join(TMP, "dumps-"))));

  beforeAll(async () => {
    // A short online window, so the watched pair below counts as gone within seconds.
    server = await startServer({ env: { SPROUT_ONLINE_WINDOW_MS: "1500" } });
    cookie = await signInAutomatically(server); // AdminLogin (and the cookie secret in Setting)
    expect((await signIn(server, { admin: "admin", password: "not the password" })).ok).toBe(false); // LoginFailure
    await createApiToken(server.db, { name: "dumped", scope: "read", by: "admin" }); // ApiToken

    // basics: one participant plays to the end; another leaves invalid input pending (Player.pendingForm).
    const basics = await newSession(server, "basics", 2);
    await submitCurrent(basics.urls[0]!);
    await submitCurrent(basics.urls[0]!, { nickname: "Ann", age: "33", likes: "1", comment: "" });
    await submitCurrent(basics.urls[0]!);
    await submitCurrent(basics.urls[0]!, { rating: "5" });
    await submitCurrent(basics.urls[1]!);
    expect((await postForm(basics.urls[1]!, { _position: 0, nickname: "Bo", age: "7", likes: "1" })).status).toBe(303);
    await setSessionDescription(server.db, "admin", basics.name, "dumped by the test"); // AuditEntry
    await sendAdminChat(server.db, "admin", basics.name, [basics.players[1]!.name], "kept in the dump"); // ChatThread, ChatMember, ChatMessage

    // hooks: once-hooks leave OnceMarkers.
    const hooks = await newSession(server, "hooks", 1);
    await submitCurrent(hooks.urls[0]!);
    await submitCurrent(hooks.urls[0]!, { choice: "show" });
    await submitCurrent(hooks.urls[0]!);
    await submitCurrent(hooks.urls[0]!, { n: "3" });

    // timed: both pages time out (Deadlines, timeout writes), their time run out below.
    const timed = await newSession(server, "timed");
    await submitCurrent(timed.urls[0]!);

    // leavers: a pair watched for dropping out, with no page open (DropoutWatch, Group).
    const leavers = await newSession(server, "leavers", 2);
    await Promise.all(leavers.urls.map((u) => postForm(u, { _position: -1 })));

    // Wait until nothing is left for the sweep to do, so the data stands still while dumped.
    const timedAt = async (position: number) => (await server.db.player.findFirstOrThrow({ where: { sessionId: timed.id } })).position === position;
    await runOutDeadlines(server.db, { sessionId: timed.id, position: 0 });
    await eventually(() => timedAt(1));
    await runOutDeadlines(server.db, { sessionId: timed.id, position: 1 });
    await eventually(() => timedAt(2));
    await eventually(async () => (await server.db.deadline.count({ where: { firedAt: null } })) === 0);
    await eventually(async () => (await server.db.dropoutWatch.count({ where: { firedAt: { not: null } } })) === 2, 20_000);
    participantUrls = [basics, hooks, timed, leavers].flatMap((s) => s.urls);
  }, 90_000);
  afterAll(() => server?.stop());

  test("an anonymous GET /admin/dump/ is sent to the login page", async () => {
    const res = await fetch(`${server.url}/admin/dump/`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/admin\/login\//);
    expect(await res.text()).not.toContain("sprout-dump");
  });

  test("the admin download and the CLI write the same complete dump, byte for byte", async () => {
    const res = await adminGet(server, "/admin/dump/", cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="sprout-dump-\d{4}-\d{2}-\d{2}-\d{6}\.jsonl"$/);
    routeDump = await res.text();

    // The header, then one line per row, then the end line with the count and the checksum.
    const lines = linesOf(routeDump);
    expect(JSON.parse(lines[0]!)).toEqual({ format: "sprout-dump", version: 1, migration: LATEST_MIGRATION });
    const end = JSON.parse(lines.at(-1)!) as { end: string; rows: number; sha256: string };
    expect(end.rows).toBe(lines.length - 2);
    expect(end.sha256).toBe(createHash("sha256").update(lines.slice(0, -1).map((l) => `${l}\n`).join("")).digest("hex"));

    // Every table has rows here, and every row of it is in the dump, in key order.
    const counts = await rowCounts(server.db);
    const rows = rowLines(routeDump);
    for (const t of DUMP_TABLES) {
      const dumped = rows.filter((r) => r.table === t.name).map((r) => r.row);
      expect([t.name, dumped.length]).toEqual([t.name, counts[t.name]]);
      expect([t.name, counts[t.name]! > 0]).toEqual([t.name, true]);
      const keys = dumped.map((row) => t.key.map((k) => row[k]));
      const sorted = [...keys].sort((a, b) => {
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as string | number) < (b[i] as string | number) ? -1 : 1;
        return 0;
      });
      expect([t.name, keys]).toEqual([t.name, sorted]);
    }
    // Tables come in DUMP_TABLES order, dates as ISO strings.
    const tableOrder = [...new Set(rows.map((r) => r.table))];
    expect(tableOrder).toEqual(DUMP_TABLES.map((t) => t.name));
    const session = rows.find((r) => r.table === "Session")!.row;
    expect(session.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(session.description).toBe("dumped by the test");

    // The CLI, to a file (written atomically: no temporary file is left beside it) and to stdout.
    const file = path.join(tmpDir(), "cli-dump.jsonl");
    const toFile = sprout(server.databaseUrl, "dump", "--file", file);
    expect([toFile.status, toFile.stderr]).toEqual([0, ""]);
    expect(toFile.stdout).toContain(`Dumped ${end.rows} rows`);
    expect(fs.readFileSync(file, "utf8")).toBe(routeDump);
    expect(fs.readdirSync(tmpDir()).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const toStdout = sprout(server.databaseUrl, "dump");
    expect(toStdout.status).toBe(0);
    expect(toStdout.stdout).toBe(routeDump);

    // Paging: two rows per query (compound keys included) gives the same bytes.
    let paged = "";
    await writeDump(server.db, (chunk) => void (paged += chunk), { pageSize: 2 });
    expect(paged).toBe(routeDump);
  });

  test("restored into a fresh database (CLI), the dump comes out byte for byte the same", async () => {
    restoredUrl = freshDatabaseUrl(); // no file yet: restore creates and migrates it
    const file = path.join(tmpDir(), "cli-dump.jsonl");
    const restored = sprout(restoredUrl, "restore", "--file", file);
    expect([restored.status, restored.stderr]).toEqual([0, ""]);
    expect(restored.stdout).toContain(`Restored ${rowLines(routeDump).length} rows`);
    expect(sprout(restoredUrl, "dump").stdout).toBe(routeDump);
  });

  test("after a restore, ids continue after the restored ones (AUTOINCREMENT)", async () => {
    const target = freshDb();
    try {
      expect(await restoreDump(target.db, routeDump)).toEqual({ rows: rowLines(routeDump).length, migration: LATEST_MIGRATION });
      const max = async (table: string, column: string) =>
        Number((await target.db.$queryRawUnsafe<{ m: bigint | number }[]>(`SELECT MAX("${column}") AS m FROM "${table}"`))[0]!.m);
      const [sessions, writes, audit] = [await max("Session", "id"), await max("FieldWrite", "seq"), await max("AuditEntry", "id")];
      const created = await createSession(target.db, { config: "basics", players: 1 }, { byKind: "system" });
      expect(created.id).toBe(sessions + 1);
      expect(await target.db.fieldWrite.count({ where: { seq: { lte: writes }, sessionId: created.id } })).toBe(0);
      expect(await target.db.fieldWrite.count({ where: { sessionId: created.id } })).toBeGreaterThan(0);
      const entry = await target.db.$transaction((tx) => tx.auditEntry.create({ data: { admin: "admin", action: "test" } }));
      expect(entry.id).toBe(audit + 1);
    } finally {
      await target.db.$disconnect();
    }
  });

  test("a dump is one snapshot: what is written while it runs is not in it", async () => {
    const source = freshDb();
    const writer = createDb(source.url); // another connection, as the running study's would be
    try {
      await restoreDump(source.db, routeDump);
      let paused!: () => void;
      let resume!: () => void;
      const pausedAt = new Promise<void>((r) => (paused = r));
      const resumed = new Promise<void>((r) => (resume = r));
      let dumped = "";
      let chunks = 0;
      // Two rows a page: the dump stops after its second page (Session rows) until told to go on.
      const dumping = writeDump(source.db, async (chunk) => {
        dumped += chunk;
        if (++chunks === 2) {
          paused();
          await resumed;
        }
      }, { pageSize: 2 });
      await pausedAt;
      await writer.$transaction((tx) => tx.auditEntry.create({ data: { admin: "admin", action: "while.dumping" } }));
      resume();
      await dumping;
      expect(dumped).toBe(routeDump);
      expect(await source.db.auditEntry.count({ where: { action: "while.dumping" } })).toBe(1);
    } finally {
      await writer.$disconnect();
      await source.db.$disconnect();
    }
  });

  test("a server on the restored database serves the same participant pages", async () => {
    const restored = await startServer({ databaseUrl: restoredUrl });
    try {
      for (const url of participantUrls) {
        const [before, after] = await Promise.all([getPage(url), getPage(url.replace(server.url, restored.url))]);
        expect(before.status).toBe(200);
        expect([url, after.status, after.title, after.position, withoutNonce(after.html)]).toEqual([url, before.status, before.title, before.position, withoutNonce(before.html)]);
      }
      // The pending invalid input came along: its message shows on both.
      expect((await getPage(participantUrls[1]!)).html).toMatch(/id="field-age-error"/);
      // So did the logins and the secret signing their cookies: the admin is still signed in.
      const dashboard = await adminGet(restored, "/admin/dashboard/", cookie);
      expect(dashboard.url).toBe(`${restored.url}/admin/dashboard/`);
    } finally {
      await restored.stop();
    }
  });

  /** The dump with line `index` (negative: from the end) replaced. */
  function withLine(dump: string, index: number, change: (line: string) => string): string {
    const lines = linesOf(dump);
    const i = index < 0 ? lines.length + index : index;
    lines[i] = change(lines[i]!);
    return lines.map((l) => `${l}\n`).join("");
  }

  const middleRow = (dump: string) => Math.floor(linesOf(dump).length / 2);

  describe("a bad dump is refused with a clear message, and the target stays as it was", () => {
    const cases: [string, (dump: string) => string, RegExp][] = [
      [
        "an altered row",
        (d) => withLine(d, middleRow(d), (l) => {
          const line = JSON.parse(l) as { table: string; row: Record<string, unknown> };
          const column = Object.keys(line.row).find((k) => typeof line.row[k] === "string")!;
          return JSON.stringify({ ...line, row: { ...line.row, [column]: `${line.row[column] as string}!` } });
        }),
        /checksum does not match its content: the file was changed or damaged/,
      ],
      ["a damaged line", (d) => withLine(d, middleRow(d), (l) => l.slice(0, -3)), /Line \d+ of the dump is not valid JSON/],
      ["a file cut off mid-line", (d) => d.slice(0, Math.floor(d.length * 0.7)), /ends before its end line: the file is incomplete/],
      ["a file without its end line", (d) => linesOf(d).slice(0, -1).map((l) => `${l}\n`).join(""), /ends before its end line: the file is incomplete/],
      ["lines after the end line", (d) => `${d}${linesOf(d)[1]}\n`, /goes on after its end line/],
      ["a newer format version", (d) => withLine(d, 0, (l) => l.replace('"version":1', '"version":2')), /format version 2, written by a newer Sprout; this Sprout reads version 1/],
      ["an unknown format version", (d) => withLine(d, 0, (l) => l.replace('"version":1', '"version":"one"')), /unknown format version \("one"\)/],
      [
        "another migration",
        (d) => withLine(d, 0, (l) => l.replace(LATEST_MIGRATION, "20200101000000_elsewhere")),
        new RegExp(`taken from a database at migration 20200101000000_elsewhere, but this database is at ${LATEST_MIGRATION}`),
      ],
      ["something else entirely", () => "id,name\n1,Ann\n", /This is not a Sprout dump/],
      ["an empty file", () => "", /This is not a Sprout dump/],
    ];

    test.each(cases)("%s", async (_name, spoil, message) => {
      const target = freshDb();
      try {
        const bad = spoil(routeDump);
        expect(bad).not.toBe(routeDump);
        const refusal = restoreDump(target.db, bad);
        await expect(refusal).rejects.toThrow(InvalidInputError);
        await expect(refusal).rejects.toThrow(message);
        expect(Object.values(await rowCounts(target.db)).every((n) => n === 0)).toBe(true);
        // ...and the same target then takes the good dump.
        await restoreDump(target.db, routeDump);
        expect(await rowCounts(target.db)).toEqual(await rowCounts(server.db));
      } finally {
        await target.db.$disconnect();
      }
    });

    test("a database that already holds data", async () => {
      const before = await rowCounts(server.db);
      await expect(restoreDump(server.db, routeDump)).rejects.toThrow(/already holds data \(Session, Group, Player.*\): a dump is restored into a fresh, empty database only/);
      expect(await rowCounts(server.db)).toEqual(before);
    });

    test("through the CLI: exit code 2, the message, and nothing restored", async () => {
      const altered = path.join(tmpDir(), "altered.jsonl");
      fs.writeFileSync(altered, cases[0]![1](routeDump));
      const target = freshDatabaseUrl();
      const run = sprout(target, "restore", "--file", altered);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/checksum does not match its content/);
      // The file the restore created for it is gone again: nothing is left behind.
      expect(fs.existsSync(target.replace(/^file:/, ""))).toBe(false);

      const before = await rowCounts(server.db);
      const occupied = sprout(server.databaseUrl, "restore", "--file", path.join(tmpDir(), "cli-dump.jsonl"));
      expect(occupied.status).toBe(2);
      expect(occupied.stderr).toMatch(/already holds data/);
      expect(await rowCounts(server.db)).toEqual(before);

      // An existing database one migration behind is neither migrated nor touched (a SQLite file, whose bytes tell).
      const older = freshSqliteUrl();
      const olderFile = older.replace(/^file:/, "");
      const someMigrations = path.join(tmpDir(), "older-migrations");
      for (const m of readMigrations().slice(0, -1)) {
        fs.mkdirSync(path.join(someMigrations, m.name), { recursive: true });
        fs.writeFileSync(path.join(someMigrations, m.name, "migration.sql"), m.sql);
      }
      applyMigrations(olderFile, someMigrations);
      const bytes = fs.readFileSync(olderFile);
      const behind = sprout(older, "restore", "--file", path.join(tmpDir(), "cli-dump.jsonl"));
      expect([behind.status, behind.stderr]).toEqual([2, expect.stringMatching(/1 migration\(s\) behind/)]);
      expect(fs.readFileSync(olderFile).equals(bytes)).toBe(true);
      const dumpBehind = sprout(older, "dump");
      expect([dumpBehind.status, dumpBehind.stderr]).toEqual([2, expect.stringMatching(/migration\(s\) behind/)]);
      expect(fs.readFileSync(olderFile).equals(bytes)).toBe(true);

      const missing = sprout(target, "restore", "--file", path.join(tmpDir(), "nope.jsonl"));
      expect([missing.status, missing.stderr]).toEqual([2, expect.stringContaining("There is no file")]);
    });
  });

  test("a download cut off midway ends quietly; the server goes on and the next dump is whole", async () => {
    // Enough field-log rows that the dump cannot leave in one go (tens of megabytes).
    await server.db.$transaction((tx) =>
      tx.$executeRawUnsafe(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
        INSERT INTO "FieldWrite" ("sessionId", "ownerKind", "ownerId", "key", "value", "at", "byKind")
        SELECT 1, 'session', 1, 'bulk' || i, '"${"x".repeat(200)}"', '2026-01-01T00:00:00.000+00:00', 'system' FROM n`),
    );
    const aborter = new AbortController();
    const res = await fetch(`${server.url}/admin/dump/`, { headers: { cookie }, signal: aborter.signal });
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    aborter.abort();
    await eventually(() => /"admin":"admin","err":"the download was cancelled[^\n]*"msg":"database dump ended early"/.test(server.output()), 15_000);

    // Still serving, still writing.
    expect((await submitCurrent(participantUrls[1]!, { nickname: "Bo", age: "20", likes: "0" })).title).toBe("Middle");
    const whole = await (await adminGet(server, "/admin/dump/", cookie)).text();
    const end = JSON.parse(linesOf(whole).at(-1)!) as { rows: number };
    const counts = await rowCounts(server.db);
    expect(end.rows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    expect(server.output()).not.toMatch(/unhandled|uncaught/i);
  }, 120_000);
});
