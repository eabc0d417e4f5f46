import fs from "node:fs";

// A reader for the repository's Dockerfile, enough for the container test to perform its final
// stage without a Docker engine: instructions with their flags, stages split at FROM.

export interface Instruction {
  /** upper-cased: FROM, RUN, COPY, ENV, ... */
  keyword: string;
  /** `--name=value` flags before the arguments (COPY --from, HEALTHCHECK --interval) */
  flags: Record<string, string>;
  /** the rest of the line after the flags, continuation lines joined */
  args: string;
  line: number;
}

export interface Stage {
  image: string;
  name: string | null;
  instructions: Instruction[];
}

/** The file's instructions: comments dropped, `\` continuations joined. */
export function parseInstructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!.trim();
    if (!line || line.startsWith("#")) continue;
    while (line.endsWith("\\") && i + 1 < lines.length) {
      i += 1;
      const next = lines[i]!.trim();
      line = line.slice(0, -1).trimEnd() + (next.startsWith("#") ? "" : ` ${next}`);
    }
    const m = /^(\S+)\s*(.*)$/.exec(line)!;
    let rest = m[2]!;
    const flags: Record<string, string> = {};
    for (let f = /^--([\w-]+)=(\S+)\s*/.exec(rest); f; f = /^--([\w-]+)=(\S+)\s*/.exec(rest)) {
      flags[f[1]!] = f[2]!;
      rest = rest.slice(f[0].length);
    }
    out.push({ keyword: m[1]!.toUpperCase(), flags, args: rest, line: start + 1 });
  }
  return out;
}

export function parseDockerfile(file: string): Stage[] {
  const stages: Stage[] = [];
  for (const ins of parseInstructions(fs.readFileSync(file, "utf8"))) {
    if (ins.keyword === "FROM") {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`line ${ins.line}: cannot read FROM ${ins.args}`);
      stages.push({ image: m[1]!, name: m[2] ?? null, instructions: [] });
    } else if (ins.keyword !== "ARG" || stages.length > 0) {
      if (stages.length === 0) throw new Error(`line ${ins.line}: ${ins.keyword} before FROM`);
      stages.at(-1)!.instructions.push(ins);
    }
  }
  return stages;
}

/** JSON (exec) form `["a", "b"]`, or null when the arguments are in shell form. */
export function execForm(args: string): string[] | null {
  if (!args.trim().startsWith("[")) return null;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === "string")) throw new Error(`not an exec form: ${args}`);
  return parsed;
}

/** `ENV A=1 B="two words"` (or the old `ENV A 1`) as pairs. */
export function envPairs(args: string): [string, string][] {
  const legacy = /^(\w+)\s+([^=]*)$/.exec(args);
  if (legacy) return [[legacy[1]!, legacy[2]!.trim()]];
  return [...args.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S*)/g)].map((m) => [m[1]!, m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!]);
}

/** `COPY [--from=..] SRC... DEST` in shell form (the only one this Dockerfile uses). */
export function copyParts(ins: Instruction): { from: string | null; sources: string[]; dest: string } {
  const words = ins.args.split(/\s+/).filter(Boolean);
  if (words.length < 2 || ins.args.trim().startsWith("[")) throw new Error(`line ${ins.line}: cannot read COPY ${ins.args}`);
  return { from: ins.flags.from ?? null, sources: words.slice(0, -1), dest: words.at(-1)! };
}

/** HEALTHCHECK [flags] CMD ...: the command (exec form), or null for NONE or shell form. */
export function healthcheckCommand(ins: Instruction): string[] | null {
  const m = /^CMD\s+(.*)$/i.exec(ins.args);
  return m ? execForm(m[1]!) : null;
}
