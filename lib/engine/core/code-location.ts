import { findSourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Frames from these folders belong to Sprout or its build, not to the experiment.
const FRAMEWORK = /^(lib|app|components|node_modules|\.next[^/]*|dist)\//;
const FRAME = /(?:\(|at )([^()\s]+?):(\d+):(\d+)\)?\s*$/;

/**
 * The experiment's file:line that called into the engine, from the current stack, or null
 * when no frame points at experiment code. Built code (the Next bundle, dist/server.js) is
 * mapped back through its source maps with node:module, because Next replaces
 * Error.prepareStackTrace and so switches off Node's own mapping of stack traces.
 */
export function experimentCodeLocation(): string | null {
  for (const line of (new Error().stack ?? "").split("\n").slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m?.[1]) continue;
    const file = m[1].startsWith("file://") ? fileURLToPath(m[1]) : m[1];
    if (!path.isAbsolute(file)) continue;
    const original = originalPosition(file, Number(m[2]), Number(m[3]));
    const rel = path.relative(process.cwd(), original.file);
    if (rel.startsWith("..") || FRAMEWORK.test(rel)) continue;
    return `${rel}:${original.line}`;
  }
  return null;
}

function originalPosition(file: string, line: number, column: number): { file: string; line: number } {
  const map = findSourceMap(file);
  const origin = map?.findOrigin(line, column);
  if (!origin || !("fileName" in origin)) return { file, line };
  const source = origin.fileName.startsWith("file://") ? fileURLToPath(origin.fileName) : path.resolve(path.dirname(file), decodeURIComponent(origin.fileName));
  return { file: source, line: origin.lineNumber };
}
