import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

/** The server bundle `npm run build` wrote: dist/server.js, or SPROUT_SERVER_OUT as the build takes it. */
export const serverScript = () => process.env.SPROUT_SERVER_OUT ?? "dist/server.js";

/** The production build (dist/server.js) on a database, as `npm start` runs it; with its output and peak memory. */
export async function startServer(databaseUrl: string) {
  // SPROUT_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": a CPU profile of the server (PERF.md).
  const nodeArgs = process.env.SPROUT_BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, serverScript()], {
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  // SPROUT_BENCH_SERVER_LOG=FILE keeps the server's log (one JSON line per request, with its ms).
  const logFile = process.env.SPROUT_BENCH_SERVER_LOG;
  if (logFile) child.stdout.on("data", (chunk: Buffer) => fs.appendFileSync(logFile, chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Sprout is running at (http:\/\/\S+?)\/?\s/.exec(output);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const memory = (field: "VmHWM" | "VmRSS") => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  // CPU seconds the server has used (user + system; /proc/PID/stat counts in ticks of 1/100 s).
  const cpuSeconds = () => {
    const fields = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  return { url, output: () => output, peakRssMb: () => memory("VmHWM"), rssMb: () => memory("VmRSS"), cpuSeconds, stop: () => new Promise<void>((r) => (child.kill("SIGTERM"), child.once("exit", () => r()))) };
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
}
