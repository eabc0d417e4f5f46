import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { describeNeeding } from "../../helpers/needs";
import { ROOT } from "../../helpers/paths";

// Runs deploy/nginx.conf with Debian's nginx in front of test servers: the compose file's
// proxy, with only its upstream address and listen port changed.

const CANDIDATES = [process.env.NGINX_PATH, "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx", "/usr/local/bin/nginx"];
export const nginxPath = CANDIDATES.find((p): p is string => !!p && fs.existsSync(p)) ?? null;
const INSTALL_HINT = "no nginx found; install it with `apt-get update && apt-get install -y nginx` (or set NGINX_PATH)";

/** `describe` for tests that need nginx: skipped loudly without it, failed in CI (see describeNeeding). */
export function describeWithNginx(name: string, fn: () => void) {
  return describeNeeding({ found: nginxPath !== null, what: "the proxy test", hint: INSTALL_HINT, skipFile: "nginx-skipped" }, name, fn);
}

/** The compose file's name and port for the instances, as deploy/nginx.conf's upstream names them. */
const UPSTREAM_SERVER = /^(\s*server\s+)sprout:8000((?:\s+[^;\s]+)*);/m;

/**
 * deploy/nginx.conf for this machine: the upstream's one server line (compose's service name,
 * resolved through Docker's DNS) becomes one line per instance address, without `resolve`
 * (nothing to look up; Debian's nginx predates it), and `listen 80` becomes `listen` on
 * 127.0.0.1:`port`. Everything else is the file as committed.
 */
export function proxyConfig(instances: string[], port: number): string {
  const conf = fs.readFileSync(path.join(ROOT, "deploy/nginx.conf"), "utf8");
  const upstream = UPSTREAM_SERVER.exec(conf);
  if (!upstream) throw new Error("deploy/nginx.conf has no `server sprout:8000 ...;` line in its upstream");
  if ((conf.match(/^\s*listen\s+80;/gm) ?? []).length !== 1) throw new Error("deploy/nginx.conf should have one `listen 80;`");
  const params = upstream[2]!.replace(/\s+resolve\b/, "");
  const servers = instances.map((address) => `${upstream[1]}${address}${params};`).join("\n");
  return conf.replace(UPSTREAM_SERVER, servers).replace(/^(\s*)listen\s+80;/m, `$1listen 127.0.0.1:${port};`);
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` (without sending a request). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export interface RunningNginx {
  /** nginx's stdout: the access log (deploy/nginx.conf logs there) */
  accessLog: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts nginx with `config` included in an http block, as the nginx image's own nginx.conf
 * includes conf.d/default.conf. Pid, error log and temp folders are under `dir`, so it runs as
 * any user; when the test runs as root nginx's workers run as nobody, hence open folders.
 */
export async function startNginx(dir: string, config: string, port: number): Promise<RunningNginx> {
  fs.mkdirSync(dir, { recursive: true });
  for (const temp of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) {
    fs.mkdirSync(path.join(dir, temp));
    fs.chmodSync(path.join(dir, temp), 0o777);
  }
  fs.writeFileSync(path.join(dir, "sprout.conf"), config);
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `worker_processes 1;
events { worker_connections 1024; }
http {
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/sprout.conf;
}
`,
  );
  const errorLog = path.join(dir, "error.log");
  const args = ["-p", dir, "-e", errorLog, "-c", path.join(dir, "nginx.conf")];
  // nginx's stdout is a file: the config logs to /dev/stdout, which cannot be opened on the
  // socket Node would give a child for a pipe (as it can on a container's pipe).
  const stdout = path.join(dir, "stdout.log");
  const fd = fs.openSync(stdout, "a");
  const check = spawnSync(nginxPath!, ["-t", ...args, "-g", `pid ${dir}/nginx.pid;`], { encoding: "utf8", stdio: ["ignore", fd, "pipe"] });
  if (check.status !== 0) throw new Error(`nginx refuses the configuration:\n${check.stderr}\n${config}`);
  const child: ChildProcess = spawn(nginxPath!, [...args, "-g", `daemon off; pid ${dir}/nginx.pid; error_log ${errorLog} info;`], { stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  const out = () => fs.readFileSync(stdout, "utf8");
  const exited = new Promise((r) => child.once("exit", r));
  const until = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${out()}\n${fs.readFileSync(errorLog, "utf8")}`);
    if (await accepts(port)) break;
    if (Date.now() > until) throw new Error(`nginx did not listen on ${port} within 10 s:\n${out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    accessLog: out,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGQUIT"); // nginx's graceful stop
      await exited;
    },
  };
}
