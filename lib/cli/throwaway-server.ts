import { spawn } from "node:child_process";
import path from "node:path";

/** A production server of this project on a free port with a throwaway database (`sprout test`). */
export interface ThrowawayServer {
  url: string;
  databaseUrl: string;
  /** The ERROR entries the server logged (with their stacks), for the report. */
  errors(): string[];
  stop(): Promise<void>;
}

// npm runs scripts in the project's folder (and the CLI's bundle lives elsewhere than its source).
const ROOT = process.cwd();
const START_LIMIT_MS = 20 * 60_000;
const ENTRY = /^\d\d:\d\d:\d\d\.\d{3} /;

/**
 * Starts `npm start`'s script (which builds first when the build is missing or stale, so the
 * server plays the experiments as they are now) on the empty database at `databaseUrl` (it
 * migrates it as it starts). Build output goes to stderr so the report on stdout stays readable.
 */
export async function startThrowawayServer(databaseUrl: string): Promise<ThrowawayServer> {
  // Sprout's own suite points this at its test build (SPROUT_BUILD_DIR beside it), which is
  // built already: the command is then tested end to end without a production build.
  const entry = process.env.SPROUT_TEST_SERVER_BUNDLE || path.join(ROOT, "scripts/start.mjs");
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATABASE_URL: databaseUrl, LOG_FORMAT: "pretty", LOG_LEVEL: "warn", REDIS_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${START_LIMIT_MS / 60_000} minutes`)), START_LIMIT_MS);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (/^Building/m.test(text)) process.stderr.write("Building the project first (its build is missing or out of date)...\n");
      const m = /Sprout is running at (http:\/\/\S+?)\/?\s/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server stopped before it started (exit ${code}):\n${output.split("\n").slice(-20).join("\n")}`));
    });
  });
  return {
    url,
    databaseUrl,
    errors: () => {
      const entries: string[] = [];
      for (const line of output.split("\n")) {
        if (ENTRY.test(line)) entries.push(line);
        else if (entries.length > 0 && line.trim() !== "") entries[entries.length - 1] += `\n${line}`;
      }
      return entries.filter((e) => / (ERROR|FATAL) /.test(e.split("\n")[0]!));
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
