import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createDb, type Db } from "@/lib/store/db";
import { freshPostgresUrl, TEST_ENGINE } from "./engine";
import { ROOT, TEST_BUILD_DIR, TEST_SERVER, TMP } from "./paths";

export interface RunningServer {
  /** "http://127.0.0.1:PORT" without a trailing slash */
  url: string;
  databaseUrl: string;
  /** A Prisma client on the server's own SQLite file, for setting up and checking state. */
  db: Db;
  output: () => string;
  stop: () => Promise<void>;
  /** kill -9: no shutdown code runs (as when a machine or process dies). */
  kill: () => Promise<void>;
  /** the server's process, for tests that signal it themselves */
  process: ChildProcess;
}

/** A fresh database of the run's engine: a SQLite file under tests/.tmp, or a migrated PostgreSQL database. */
export function freshDatabaseUrl(): string {
  return TEST_ENGINE === "postgresql" ? freshPostgresUrl() : freshSqliteUrl();
}

/** A fresh SQLite file under tests/.tmp (for tests about SQLite files themselves). */
export function freshSqliteUrl(): string {
  fs.mkdirSync(TMP, { recursive: true });
  const dir = fs.mkdtempSync(path.join(TMP, "db-"));
  return `file:${path.join(dir, "sprout.sqlite3")}`;
}

/** Starts the production test build on a random port with its own database, as users run it. */
export async function startServer(options: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const databaseUrl = options.databaseUrl ?? freshDatabaseUrl();
  const child: ChildProcess = spawn(process.execPath, ["--enable-source-maps", TEST_SERVER], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATABASE_URL: databaseUrl, SPROUT_BUILD_DIR: TEST_BUILD_DIR, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Sprout is running at (http:\/\/\S+?)\/?\s/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const db = createDb(databaseUrl);
  /** Ends the server with `signal` (SIGTERM: a graceful stop; SIGKILL: as if the machine died) and waits for it. */
  const end = async (signal: NodeJS.Signals) => {
    await db.$disconnect();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    await exited;
  };
  return { url, databaseUrl, db, output: () => output, stop: () => end("SIGTERM"), kill: () => end("SIGKILL"), process: child };
}
