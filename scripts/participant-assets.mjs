// The participant pages' browser assets: one small script (the connection, the page swap and
// the islands of components/participant/ and of the project's experiments) and the stylesheet,
// both named by their content's hash. Participant pages are rendered by server.ts without the
// app router (lib/participant-page/); admin pages keep Next's own assets.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import postcss from "postcss";
import tailwind from "@tailwindcss/postcss";

// Sprout's own islands, and the examples (a project may import them, as the test fixtures do).
const CLIENT_FOLDERS = ["components/participant", "lib/experiment", "experiments"];

/** Files that declare islands: "use client" modules calling island(…), in Sprout's folders and the project's. */
function islandModules(root, projectFolder) {
  const found = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules") walk(file);
      else if (/\.[jt]sx?$/.test(entry.name)) {
        const text = fs.readFileSync(file, "utf8");
        if (/^\s*["']use client["']/.test(text) && /\bisland\(\s*["']/.test(text)) found.push(file);
      }
    }
  };
  for (const folder of new Set([...CLIENT_FOLDERS, projectFolder])) walk(path.join(root, folder));
  return found.sort();
}

const hashed = (name, ext, content) => `${name}.${crypto.createHash("sha256").update(content).digest("hex").slice(0, 12)}${ext}`;

/**
 * Builds the assets into `outDir` (emptied first) and writes manifest.json with their URLs.
 * `projectFolder`: experiments/ or the project the build bundles (tests/fixtures/).
 */
export async function buildParticipantAssets({ root, outDir, projectFolder = "experiments", minify = true }) {
  const imports = islandModules(root, projectFolder).map((f) => `import ${JSON.stringify(f)};`);
  const script = await esbuild.build({
    stdin: { contents: `${imports.join("\n")}\nimport "./components/participant/client/main.tsx";\n`, resolveDir: root, loader: "tsx", sourcefile: "participant-entry.tsx" },
    bundle: true,
    platform: "browser",
    format: "iife",
    target: ["es2020"],
    jsx: "automatic",
    minify,
    define: { "process.env.NODE_ENV": JSON.stringify(minify ? "production" : "development") },
    absWorkingDir: root,
    tsconfig: path.join(root, "tsconfig.json"),
    write: false,
    // "use client" directives are for Next; in this bundle everything is client code.
    logOverride: { "module-level-directive": "silent" },
    logLevel: "warning",
  });
  const js = script.outputFiles[0].contents;
  const source = fs.readFileSync(path.join(root, "app/globals.css"), "utf8");
  const css = (await postcss([tailwind({ base: root, optimize: minify })]).process(source, { from: path.join(root, "app/globals.css") })).css;
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const files = { js: hashed("participant", ".js", js), css: hashed("participant", ".css", css) };
  fs.writeFileSync(path.join(outDir, files.js), js);
  fs.writeFileSync(path.join(outDir, files.css), css);
  fs.writeFileSync(path.join(outDir, "manifest.json"), JSON.stringify(files) + "\n");
  return files;
}
