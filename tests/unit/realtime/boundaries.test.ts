import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../../helpers/paths";

// News leaves a transaction one way (DESIGN.md, Storage): whatever changes state puts its
// news in the transaction's outbox (lib/store/outbox.ts) and the publisher that lib/realtime
// installs sends it. These checks read the import lines of the code itself, so a shortcut
// (the engine calling the socket layer, a page or action sending news) fails here.

const SOURCE = /\.(ts|tsx|mts)$/;

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => SOURCE.test(f) && !f.split(path.sep).includes("generated"))
    .map((f) => path.join(dir, f));
}

interface Import {
  /** the importing file, from the repository root */
  file: string;
  /** the imported module, from the repository root without its extension ("lib/realtime/rooms"), or the bare package name */
  target: string;
  /** the names it takes ("*" for a namespace or side-effect import) */
  names: string[];
}

/** Every import and re-export of a file, static and dynamic, with the names taken. */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const found: Import[] = [];
  const resolve = (spec: string) => {
    if (spec.startsWith("@/")) return spec.slice(2).replace(SOURCE, "");
    if (spec.startsWith(".")) return path.posix.join(path.posix.dirname(file.split(path.sep).join("/")), spec).replace(SOURCE, "");
    return spec;
  };
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+["']([^"']+)["']/gm)) {
    const braces = /\{([^}]*)\}/.exec(m[2]!);
    const names = braces ? braces[1]!.split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!).filter(Boolean) : ["*"];
    found.push({ file, target: resolve(m[3]!), names });
  }
  for (const m of text.matchAll(/(?:^\s*import\s+|\bimport\s*\(\s*)["']([^"']+)["']/gm)) found.push({ file, target: resolve(m[1]!), names: ["*"] });
  return found;
}

const realtimeImports = (dirs: string[]) => dirs.flatMap(filesUnder).flatMap(importsOf).filter((i) => i.target.startsWith("lib/realtime/"));

test("the reader finds the imports it checks (a relative, an aliased and a dynamic one)", () => {
  const found = [...importsOf("lib/realtime/server.ts"), ...importsOf("server.ts"), ...importsOf(path.join("app", "admin", "(signed-in)", "room", "[name]", "page.tsx"))];
  expect(found).toEqual(
    expect.arrayContaining([
      { file: "lib/realtime/server.ts", target: "lib/store/outbox", names: ["installPublisher"] },
      { file: "server.ts", target: "lib/realtime/server", names: ["*"] },
      expect.objectContaining({ target: "lib/realtime/rooms", names: ["roomWaiters"] }),
    ]),
  );
});

test("nothing under lib/engine imports lib/realtime, not even a type", () => {
  expect(realtimeImports(["lib/engine"])).toEqual([]);
});

test("nothing outside lib/realtime reaches its senders: app/, components/ and lib/ take only the event maps and the room's waiting list", () => {
  const allowed: Record<string, string[]> = {
    // the typed events, shared with the browser
    "lib/realtime/events": ["*"],
    // a read: who waits on a room's page now
    "lib/realtime/rooms": ["roomWaiters"],
  };
  const outside = realtimeImports(["app", "components", "lib"]).filter((i) => !i.file.startsWith(path.join("lib", "realtime")));
  expect(outside.length).toBeGreaterThan(0);
  const offending = outside.filter((i) => !allowed[i.target] || !i.names.every((n) => allowed[i.target]!.includes("*") || allowed[i.target]!.includes(n)));
  expect(offending).toEqual([]);
});

test("only lib/realtime/server.ts builds and installs the publisher", () => {
  const all = ["app", "components", "lib"].flatMap(filesUnder).concat("server.ts");
  const installers = all.flatMap(importsOf).filter((i) => i.target === "lib/store/outbox" && i.names.includes("installPublisher"));
  expect(installers.map((i) => i.file)).toEqual(["lib/realtime/server.ts"]);
  const publishers = all.flatMap(importsOf).filter((i) => i.target === "lib/realtime/publish");
  expect(publishers.map((i) => i.file)).toEqual(["lib/realtime/server.ts"]);
});
