/**
 * How long the data browser takes for 1,000 players × 50 fields, on the production build
 * (`npm run build` first): the server's answer (median of 5 GETs) and, when Chromium is
 * installed, the page until the table shows (median of 3 loads).
 *
 *   npx tsx tests/bench/data-browser.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { createSession } from "../../lib/engine/admin/sessions.ts";
import { createDb } from "../../lib/store/db.ts";
import { recordWrites, type FieldWriteInput } from "../../lib/store/field-log.ts";
import { applyMigrations } from "../../lib/store/migrate.ts";
import { machine, startServer } from "./server.ts";
import { median } from "./stats.ts";

const PLAYERS = 1000;
const FIELDS = 50;

async function fill(databaseUrl: string): Promise<string> {
  const db = createDb(databaseUrl);
  const s = await createSession(db, { config: "hello", players: PLAYERS }, { byKind: "system" });
  const writes: FieldWriteInput[] = s.players.flatMap((p) =>
    Array.from({ length: FIELDS }, (_, f) => ({
      owner: { kind: "player" as const, id: p.id, sessionId: s.id },
      key: `field_${String(f).padStart(2, "0")}`,
      value: f % 3 === 0 ? `answer ${p.id}-${f}` : f % 3 === 1 ? p.id * f : { choice: f, ok: true },
      context: { app: "hello", position: f % 3, round: null },
      provenance: { byKind: "participant" as const, page: "hello/Welcome" },
    })),
  );
  for (let i = 0; i < writes.length; i += 2000) await db.$transaction((tx) => recordWrites(tx, writes.slice(i, i + 2000)));
  await db.$disconnect();
  return s.name;
}

/** Signs in with the printed auto-login link, as next-auth's client does; returns the cookie. */
async function signIn(url: string, output: string): Promise<string> {
  const token = /login\/#(\S+)/.exec(output)![1]!;
  const csrf = await fetch(`${url}/api/auth/csrf/`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/auth/callback/admin/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") },
    body: new URLSearchParams({ token, csrfToken, json: "true" }),
  });
  return res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="))!.split(";")[0]!;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sprout-bench-data-"));
  const file = path.join(dir, "bench.sqlite3");
  applyMigrations(file);
  const sname = await fill(`file:${file}`);
  const server = await startServer(`file:${file}`);
  try {
    const cookie = await signIn(server.url, server.output());
    const page = `${server.url}/admin/session/${sname}/data/`;
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      const body = await (await fetch(page, { headers: { cookie } })).text();
      if (i > 0) times.push(performance.now() - started); // the first warms up
      bytes = body.length;
    }
    console.log(`Machine: ${machine()}`);
    console.log(`Data browser, ${PLAYERS} players × ${FIELDS} fields: server answer ${median(times).toFixed(0)} ms (median of 5), ${(bytes / 1024 / 1024).toFixed(1)} MB of HTML`);
    if (fs.existsSync("/usr/bin/chromium")) {
      const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
      const context = await browser.newContext();
      await context.addCookies([{ name: cookie.split("=")[0]!, value: cookie.slice(cookie.indexOf("=") + 1), url: server.url }]);
      const tab = await context.newPage();
      const loads: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await tab.goto(page);
        await tab.locator('[data-testid="data"] [data-field="field_49"]').first().waitFor();
        await tab.waitForLoadState("load");
        loads.push(performance.now() - started);
      }
      console.log(`  in Chromium until the table shows and the page has loaded: ${median(loads).toFixed(0)} ms (median of 3)`);
      await browser.close();
    }
    console.log(`  server peak RSS ${server.peakRssMb().toFixed(0)} MB`);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
